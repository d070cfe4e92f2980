import factory
from django.contrib.auth import get_user_model
from django_countries import countries

from coalition.models import Coalition, ExpertGroup, Membership, Participant, UserRole

# Every ISO 3166-1 alpha-2 code, from the end of the alphabet: far from the states tests name (EE, LU, DK...).
STATE_CODES = sorted(dict(countries), reverse=True)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        django_get_or_create = ["code"]

    kind = Participant.Kind.STATE
    code = factory.Sequence(lambda n: STATE_CODES[n % len(STATE_CODES)])
    name = factory.LazyAttribute(lambda o: f"State {o.code}")


class OrganisationFactory(ParticipantFactory):
    kind = Participant.Kind.ORGANISATION
    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"Organisation {o.code}")


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition

    name = factory.Sequence(lambda n: f"Coalition {n}")
    short_name = factory.Sequence(lambda n: f"C{n}")
    slug = factory.Sequence(lambda n: f"c{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    coalition = factory.SubFactory(CoalitionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    role = Membership.Role.MEMBER
    joined_on = factory.Faker("date_between", start_date="-3y", end_date="-1y")


class ExpertGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertGroup

    coalition = factory.SubFactory(CoalitionFactory)
    name = factory.Sequence(lambda n: f"Expert group {n}")


class UserRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserRole

    user = factory.SubFactory(UserFactory)
    coalition = factory.SubFactory(CoalitionFactory)
    kind = UserRole.Kind.OBSERVER
