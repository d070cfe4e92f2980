"""Contributions in JSON. Money is a string with its ISO 4217 code beside it, never a float."""

from rest_framework import serializers

from coalition.api.base import BlankAsNullChoiceField, ScopedModelSerializer, UTCDateTimeField
from contributions.models import Disbursement, FxRate, Pledge, PledgeTransition, ReportedTotal
from contributions.selectors import reconcile

MONEY = {"max_digits": 18, "decimal_places": 2, "read_only": True, "allow_null": True}


class PledgeTransitionSerializer(serializers.ModelSerializer):
    from_status = BlankAsNullChoiceField(  # the status before the step, stored '' for the first
        choices=Pledge.Status.choices,
        read_only=True,
        allow_null=True,
        help_text="null: the pledge was recorded.",
    )
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    recorded_at = UTCDateTimeField(read_only=True)

    class Meta:
        model = PledgeTransition
        fields = ["from_status", "to_status", "effective_on", "note", "recorded_by", "recorded_at"]


class PledgeSerializer(ScopedModelSerializer):
    """A pledge with its figures: `amount` is null when undisclosed; `amount_eur` is null when undisclosed or
    when no rate exists on or before `announced_on` (`fx_rate` null too): never guessed."""

    donor_code = serializers.CharField(source="donor.code", read_only=True)
    amount_eur = serializers.DecimalField(**MONEY)
    fx_rate = serializers.DecimalField(
        max_digits=20,
        decimal_places=8,
        read_only=True,
        allow_null=True,
        help_text="Units of `currency` per 1 EUR.",
    )
    fx_rate_date = serializers.DateField(read_only=True, allow_null=True)
    paid = serializers.DecimalField(**MONEY, help_text="What the payments count for, in `currency`.")
    outstanding = serializers.DecimalField(
        **MONEY,
        help_text="Still owed, never negative; null while announced (not yet owed), once withdrawn, or "
        "when the amount is undisclosed.",
    )
    overpaid = serializers.DecimalField(**MONEY, help_text="Paid beyond the amount (0 when none).")
    unconfirmed = serializers.DecimalField(
        **MONEY, help_text="The amount while the pledge is announced and not yet confirmed; else null."
    )
    paid_eur = serializers.DecimalField(**MONEY)
    outstanding_eur = serializers.DecimalField(**MONEY)
    overpaid_eur = serializers.DecimalField(**MONEY)
    unconfirmed_eur = serializers.DecimalField(**MONEY)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    status_on = serializers.DateField(
        write_only=True, required=False, help_text="On create with status confirmed/committed: since when."
    )

    class Meta:
        model = Pledge
        fields = [
            "id",
            "coalition",
            "donor",
            "donor_code",
            "kind",
            "amount",
            "currency",
            "amount_eur",
            "fx_rate",
            "fx_rate_date",
            "paid",
            "outstanding",
            "overpaid",
            "unconfirmed",
            "paid_eur",
            "outstanding_eur",
            "overpaid_eur",
            "unconfirmed_eur",
            "status",
            "status_on",
            "purpose",
            "conditions",
            "announced_on",
            "announced_at",
            "confirmed_on",
            "committed_on",
            "fulfilled_on",
            "withdrawn_on",
            "review_status",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "reviewed_figures",
            "source",
            "is_illustrative",
            "note",
            "external_reference",
            "created_at",
        ]
        read_only_fields = [
            "confirmed_on",
            "committed_on",
            "fulfilled_on",
            "withdrawn_on",
            "review_status",
            "review_comment",
            "reviewed_at",
            "reviewed_figures",
            "created_at",
        ]
        extra_kwargs = {
            "status": {"required": False},
            "currency": {"validators": []},  # the service checks ISO 4217 and says so
            "amount": {"validators": [], "min_value": None},
        }
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and "coalition" in self.fields
        ):
            # Changing coalition or status goes through the dedicated paths.
            self.fields["coalition"].read_only = True
            self.fields["status"].read_only = True


class PledgeTransitionRequestSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Pledge.Status.choices)
    on = serializers.DateField(required=False, allow_null=True, help_text="Effective date (default: today).")
    note = serializers.CharField(required=False, allow_blank=True)


class ReviewRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, help_text="Required to dispute: what is wrong with the figures."
    )
    seen = serializers.DictField(
        required=False,
        help_text="The figures the delegate saw (amount, currency, status, paid); a mismatch is a 409.",
    )


class DisbursementSerializer(ScopedModelSerializer):
    """A payment: `amount` and `currency` are what was paid; `amount_in_pledge_currency` what it counts for
    against the pledge (converted at the ECB rates of `fx_rate_date`, `fx_rate_paid` and `fx_rate_pledge`
    units per EUR, when paid in another currency; all three null otherwise). `amount_eur` is that amount
    at the pledge's own rate (`eur_rate` of `eur_rate_date`), null without a rate."""

    amount_eur = serializers.DecimalField(**MONEY)
    eur_rate = serializers.DecimalField(
        max_digits=20,
        decimal_places=8,
        read_only=True,
        allow_null=True,
        help_text="Units of the pledge's currency per 1 EUR (the pledge's rate).",
    )
    eur_rate_date = serializers.DateField(read_only=True, allow_null=True)
    overpayment_approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "pledge",
            "amount",
            "currency",
            "amount_in_pledge_currency",
            "fx_rate_paid",
            "fx_rate_pledge",
            "fx_rate_date",
            "amount_eur",
            "eur_rate",
            "eur_rate_date",
            "paid_on",
            "reference",
            "external_reference",
            "note",
            "source",
            "is_illustrative",
            "overpayment_reason",
            "overpayment_approved_by",
            "created_at",
        ]
        read_only_fields = [
            "amount_in_pledge_currency",
            "fx_rate_paid",
            "fx_rate_pledge",
            "fx_rate_date",
            "created_at",
        ]
        extra_kwargs = {
            "currency": {"required": False, "validators": []},
            "amount": {"validators": []},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and "pledge" in self.fields:
            self.fields["pledge"].read_only = True


class PublishedRateField(serializers.DecimalField):
    """A rate keeps the decimals it was given ("0.85440" stays 5 places), within the column's 8."""

    def quantize(self, value):
        return value


class FxRateSerializer(ScopedModelSerializer):
    """A reference rate: `rate` units of `currency` per 1 EUR on `date`, as a decimal string with the
    decimals its source published (`places`; "0.85440"). A rate beyond the sane band of the previous rate
    is a 400 on `rate` (code `rate-jump`) unless `confirm_jump` is true; it is then `outlier_confirmed`."""

    rate = PublishedRateField(
        max_digits=20, decimal_places=8, coerce_to_string=True, help_text="Units of `currency` per 1 EUR."
    )
    confirm_jump = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Record the rate even if it jumps beyond the sane band of the previous rate.",
    )

    class Meta:
        model = FxRate
        fields = [
            "id",
            "currency",
            "date",
            "rate",
            "places",
            "source",
            "published_on",
            "outlier_confirmed",
            "confirm_jump",
            "created_at",
        ]
        read_only_fields = ["outlier_confirmed", "created_at"]
        extra_kwargs = {"currency": {"validators": []}, "source": {"required": False}}
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if isinstance(instance, FxRate):
            data["rate"] = instance.published_rate  # as published, not padded to 8 places
        return data


class ReportedTotalSerializer(ScopedModelSerializer):
    amount_eur = serializers.DecimalField(**MONEY)
    itemised_eur = serializers.DecimalField(**MONEY)
    itemised_count = serializers.IntegerField(read_only=True)
    itemised_undisclosed = serializers.IntegerField(read_only=True)
    itemised_unconverted = serializers.IntegerField(read_only=True)
    difference_eur = serializers.SerializerMethodField(
        help_text="itemised_eur - amount_eur (null without a rate)"
    )
    verdict = serializers.SerializerMethodField(help_text="consistent, short, over or unknown")

    class Meta:
        model = ReportedTotal
        fields = [
            "id",
            "meeting",
            "qualifier",
            "amount",
            "currency",
            "amount_eur",
            "stated_text",
            "itemised_eur",
            "itemised_count",
            "itemised_undisclosed",
            "itemised_unconverted",
            "difference_eur",
            "verdict",
            "source",
            "is_illustrative",
            "note",
        ]
        extra_kwargs = {"currency": {"required": False, "validators": []}, "amount": {"validators": []}}

    def _reconciliation(self, obj):
        if not hasattr(obj, "itemised_eur"):
            return None
        return reconcile(obj)

    def get_difference_eur(self, obj) -> str | None:
        rec = self._reconciliation(obj)
        return None if rec is None or rec.difference_eur is None else f"{rec.difference_eur:.2f}"

    def get_verdict(self, obj) -> str | None:
        rec = self._reconciliation(obj)
        return None if rec is None else rec.verdict
