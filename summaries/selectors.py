from summaries.models import StatusSnapshot, SummaryJob


def snapshots_for(user, coalition=None):
    qs = StatusSnapshot.objects.visible_to(user).select_related("coalition", "job")
    if coalition is not None:
        qs = qs.filter(coalition=coalition)
    return qs.order_by("-data_as_of", "-generated_at")


def snapshot_list_for(user, coalition=None):
    """History lists leave the (large) payload in the database."""
    return snapshots_for(user, coalition).defer("payload")


def latest_snapshot(user, coalition):
    """The snapshot with the most recent data (not the last written: see StatusSnapshot)."""
    return snapshots_for(user, coalition).first()


def jobs_for(user, coalition=None):
    qs = SummaryJob.objects.visible_to(user).select_related("coalition", "snapshot")
    if coalition is not None:
        qs = qs.filter(coalition=coalition)
    return qs


def running_job(coalition):
    return (
        SummaryJob.objects.filter(
            coalition=coalition, state__in=[SummaryJob.State.QUEUED, SummaryJob.State.RUNNING]
        )
        .order_by("-requested_at")
        .first()
    )
