import datetime
from decimal import Decimal

import factory

from coalition.tests.factories import CoalitionFactory, ParticipantFactory
from contributions.models import Disbursement, FxRate, Pledge, ReportedTotal


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge written straight to the table (no service): for set-up, not for testing rules."""

    class Meta:
        model = Pledge

    coalition = factory.SubFactory(CoalitionFactory)
    donor = factory.SubFactory(ParticipantFactory)
    amount = Decimal("1000000.00")
    currency = "EUR"
    kind = Pledge.Kind.FINANCIAL
    status = Pledge.Status.ANNOUNCED
    announced_on = datetime.date(2024, 2, 2)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    pledge = factory.SubFactory(PledgeFactory, status=Pledge.Status.CONFIRMED)
    coalition = factory.LazyAttribute(lambda o: o.pledge.coalition)
    amount = Decimal("1000.00")
    currency = factory.LazyAttribute(lambda o: o.pledge.currency)
    amount_in_pledge_currency = factory.LazyAttribute(lambda o: o.amount)
    paid_on = datetime.date(2024, 3, 1)


class FxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FxRate
        django_get_or_create = ["currency", "date"]

    currency = "USD"
    date = datetime.date(2024, 2, 1)
    rate = Decimal("1.0800")


class ReportedTotalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedTotal

    amount = Decimal("30000000.00")
    currency = "EUR"
    qualifier = ReportedTotal.Qualifier.MORE_THAN
    stated_text = "more than €30 million"


class MeetingFactory(factory.django.DjangoModelFactory):
    """A steering-group meeting (the meetings app's model), enough for pledges and reported totals."""

    class Meta:
        model = "meetings.Meeting"
        django_get_or_create = ["coalition", "number"]

    coalition = factory.SubFactory(CoalitionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Meeting {o.number}")
    starts_at = datetime.datetime(2024, 2, 2, 9, 0, tzinfo=datetime.UTC)
    ends_at = datetime.datetime(2024, 2, 2, 17, 0, tzinfo=datetime.UTC)
    status = "held"
