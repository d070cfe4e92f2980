"""A hypothesis state machine over the whole ledger (issue 9, item 3): pledges are recorded, edited, moved
along their lifecycle, paid (in any currency, over-paid with an override), reviewed, allocated to the
roadmap, released, withdrawn and deleted in random interleavings, through the services only. After every
step every invariant is checked; a refused step (ValidationError, Conflict) is fine, a broken invariant is
not."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from coalition.errors import Conflict
from coalition.models import UserRole
from coalition.tests.factories import (
    CoalitionFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
    UserRoleFactory,
)
from contributions import services
from contributions.models import Disbursement, FxRate, Pledge
from contributions.selectors import pledges_for
from contributions.tests.stored import assert_stored_exact
from procurement import services as roadmap
from procurement.models import Allocation, RoadmapItem
from procurement.tests.factories import CapabilityAreaFactory, RoadmapItemFactory

pytestmark = pytest.mark.django_db(transaction=False)

D = datetime.date
S = Pledge.Status
ANNOUNCED, PAID, STEP = D(2024, 2, 2), D(2024, 3, 4), D(2024, 3, 5)
REFUSED = (ValidationError, Conflict, ObjectDoesNotExist)
money = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("5000.00"), places=2)
small = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("2000.00"), places=2)
currencies = st.sampled_from(["EUR", "USD", "DKK"])


class Ledger(RuleBasedStateMachine):
    pledges = Bundle("pledges")
    payments = Bundle("payments")
    allocations = Bundle("allocations")
    items = Bundle("items")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()  # each run starts from the same database and leaves it as it was
        coalition = CoalitionFactory(slug="machine")
        self.donor = ParticipantFactory(code="EE", name="Estonia")
        MembershipFactory(coalition=coalition, participant=self.donor, role="lead")
        self.secretariat = UserFactory(username="machine-sec")
        self.delegate = UserFactory(username="machine-del")
        UserRoleFactory(user=self.secretariat, coalition=coalition, kind=UserRole.Kind.SECRETARIAT)
        UserRoleFactory(
            user=self.delegate, coalition=coalition, kind=UserRole.Kind.DELEGATE, participant=self.donor
        )
        for currency, rate in (("USD", "1.0813"), ("DKK", "7.4551")):
            for day in (D(2024, 2, 1), D(2024, 3, 1)):
                FxRate.objects.create(currency=currency, date=day, rate=Decimal(rate))
        self.coalition = coalition
        self.area = CapabilityAreaFactory(coalition=coalition)

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Steps ----------

    @initialize(target=pledges)
    def a_confirmed_pledge(self):
        return services.pledge_create(
            actor=self.secretariat,
            coalition=self.coalition,
            donor=self.donor,
            amount=Decimal("5000.00"),
            currency="DKK",
            announced_on=ANNOUNCED,
            status=S.CONFIRMED,
        )

    @initialize(target=items)
    def an_item(self):
        return RoadmapItemFactory(coalition=self.coalition, capability_area=self.area)

    @rule(target=pledges, amount=st.one_of(st.none(), money), currency=currencies, confirmed=st.booleans())
    def record(self, amount, currency, confirmed):
        return services.pledge_create(
            actor=self.secretariat,
            coalition=self.coalition,
            donor=self.donor,
            amount=amount,
            currency=currency,
            announced_on=ANNOUNCED,
            status=S.CONFIRMED if confirmed else S.ANNOUNCED,
        )

    @rule(target=items)
    def plan(self):
        return RoadmapItemFactory(coalition=self.coalition, capability_area=self.area)

    @rule(pledge=pledges, amount=st.one_of(st.none(), money))
    def edit_amount(self, pledge, amount):
        with contextlib.suppress(*REFUSED):
            services.pledge_update(actor=self.secretariat, pledge=pledge, amount=amount)

    @rule(pledge=pledges, currency=currencies)
    def edit_currency(self, pledge, currency):
        with contextlib.suppress(*REFUSED):
            services.pledge_update(actor=self.secretariat, pledge=pledge, currency=currency)

    @rule(pledge=pledges, to=st.sampled_from([S.CONFIRMED, S.COMMITTED, S.FULFILLED, S.WITHDRAWN]))
    def move(self, pledge, to):
        with contextlib.suppress(*REFUSED):
            services.pledge_transition(actor=self.secretariat, pledge=pledge, to_status=to, on=STEP)

    @rule(target=payments, pledge=pledges, amount=money, currency=currencies, override=st.booleans())
    def pay(self, pledge, amount, currency, override):
        with contextlib.suppress(*REFUSED):
            return services.disbursement_create(
                actor=self.secretariat,
                pledge=pledge,
                amount=amount,
                currency=currency,
                paid_on=PAID,
                overpayment_reason="agreed top-up" if override else "",
            )
        return None

    @rule(payment=payments, amount=money)
    def correct_payment(self, payment, amount):
        if payment is not None:
            with contextlib.suppress(*REFUSED):
                services.disbursement_update(actor=self.secretariat, disbursement=payment, amount=amount)

    @rule(payment=consumes(payments))
    def remove_payment(self, payment):
        if payment is not None:
            with contextlib.suppress(*REFUSED):
                services.disbursement_delete(actor=self.secretariat, disbursement=payment)

    @rule(pledge=pledges)
    def delegate_confirms(self, pledge):
        with contextlib.suppress(*REFUSED):
            services.pledge_confirm_figures(actor=self.delegate, pledge=pledge)

    @rule(target=allocations, pledge=pledges, item=items, amount=small)
    def allocate(self, pledge, item, amount):
        with contextlib.suppress(*REFUSED):
            return roadmap.allocation_create(
                actor=self.secretariat, pledge=pledge, roadmap_item=item, amount=amount
            )
        return None

    @rule(allocation=allocations, amount=small)
    def change_allocation(self, allocation, amount):
        if allocation is not None:
            with contextlib.suppress(*REFUSED):
                roadmap.allocation_update(actor=self.secretariat, allocation=allocation, amount=amount)

    @rule(allocation=consumes(allocations))
    def release(self, allocation):
        if allocation is not None:
            with contextlib.suppress(*REFUSED):
                roadmap.allocation_delete(actor=self.secretariat, allocation=allocation)

    @rule(item=items)
    def cancel_item(self, item):
        with contextlib.suppress(*REFUSED):
            roadmap.roadmap_item_transition(
                actor=self.secretariat, roadmap_item=item, to_status="cancelled", note="x"
            )

    @rule(pledge=consumes(pledges))
    def delete(self, pledge):
        with contextlib.suppress(*REFUSED):
            services.pledge_delete(actor=self.secretariat, pledge=pledge)

    # Invariants, after every step ----------

    @invariant()
    def allocations_stay_within_their_pledges(self):
        for pledge in Pledge.objects.filter(coalition=self.coalition):
            allocated = Allocation.objects.filter(pledge=pledge).aggregate(total=Sum("amount"))["total"]
            if allocated is None:
                continue
            assert pledge.amount is not None and allocated <= pledge.amount, (pledge, allocated)
            assert pledge.status != S.WITHDRAWN
        assert not Allocation.objects.filter(roadmap_item__status=RoadmapItem.Status.CANCELLED).exists()

    @invariant()
    def payments_follow_the_lifecycle_and_the_figures_reconcile(self):
        for row in pledges_for(self.secretariat, self.coalition).prefetch_related("disbursements"):
            payments = list(row.disbursements.all())
            assert row.paid == sum((p.amount_in_pledge_currency for p in payments), Decimal("0.00"))
            if payments:
                assert row.status in (S.CONFIRMED, S.COMMITTED, S.FULFILLED) and row.amount is not None
            for value in (row.outstanding, row.overpaid, row.outstanding_eur, row.overpaid_eur):
                assert value is None or value >= 0
            if row.amount is not None and row.status in (S.CONFIRMED, S.COMMITTED, S.FULFILLED):
                assert row.paid - row.overpaid + row.outstanding == row.amount
                assert row.paid_eur - row.overpaid_eur + row.outstanding_eur == row.amount_eur
            if row.overpaid:
                assert any(p.overpayment_reason for p in payments)  # only with a recorded override
            if row.status == S.FULFILLED and row.kind == Pledge.Kind.FINANCIAL:
                assert row.outstanding == 0

    @invariant()
    def each_status_is_its_last_logged_transition_with_its_date(self):
        for pledge in Pledge.objects.filter(coalition=self.coalition).prefetch_related("transitions"):
            steps = list(pledge.transitions.all())
            assert steps and steps[-1].to_status == pledge.status
            date_field = services.STATUS_DATE_FIELD[pledge.status]
            assert getattr(pledge, date_field) is not None

    @invariant()
    def a_confirmed_review_matches_the_current_figures(self):
        for pledge in Pledge.objects.filter(coalition=self.coalition, review_status=Pledge.Review.CONFIRMED):
            assert pledge.reviewed_figures == pledge.figures(services.paid_total(pledge))

    @rule(
        currency=st.sampled_from(["USD", "DKK"]),
        day=st.sampled_from([D(2024, 1, 15), D(2024, 2, 2), D(2024, 2, 20)]),
        rate=st.decimals(min_value=Decimal("0.5"), max_value=Decimal("9"), places=4),
        delete=st.booleans(),
    )
    def rate_added_corrected_or_deleted(self, currency, day, rate, delete):
        """A rate saved or deleted outside the services (the admin, a shell): the stored figures follow."""
        if delete:
            for fx in FxRate.objects.filter(currency=currency, date=day):
                fx.delete()
        else:
            FxRate.objects.update_or_create(currency=currency, date=day, defaults={"rate": rate})

    @invariant()
    def the_stored_figures_equal_what_they_are_computed_from(self):
        assert_stored_exact(Pledge.objects.filter(coalition=self.coalition).order_by("pk"))

    @invariant()
    def every_payment_counts_for_something(self):
        assert not Disbursement.objects.filter(
            coalition=self.coalition, amount_in_pledge_currency__lte=0
        ).exists()


@pytest.mark.django_db
def test_every_invariant_holds_after_every_step(db):
    run_state_machine_as_test(
        Ledger,
        settings=settings(
            max_examples=12,  # about 15 s here; HYPOTHESIS_PROFILE=explore with more to search further
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
