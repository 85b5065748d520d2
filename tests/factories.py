import factory
from django.contrib.auth import get_user_model

from organisation.models import Committee, Department, Membership, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kk.dk")
    password = factory.django.Password("test-password")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Testforvaltning {n}")
    abbreviation = factory.Sequence(lambda n: f"T{n}F")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Testudvalg {n}")
    abbreviation = factory.Sequence(lambda n: f"T{n}U")
    department = factory.SubFactory(DepartmentFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CASE_WORKER


def case_worker(department_abbreviation, username=None):
    department = Department.objects.get(abbreviation=department_abbreviation)
    user = UserFactory(username=username or f"{department_abbreviation.lower()}-sagsbehandler")
    MembershipFactory(user=user, role=Role.CASE_WORKER, department=department)
    return user


def secretary(committee_abbreviation, username=None):
    committee = Committee.objects.get(abbreviation=committee_abbreviation)
    user = UserFactory(username=username or f"{committee_abbreviation.lower()}-sekretaer")
    MembershipFactory(user=user, role=Role.COMMITTEE_SECRETARY, committee=committee)
    return user


def bif_staff(username="bif-medarbejder"):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=Role.BIF_STAFF)
    return user


def administrator(username="administrator"):
    user = UserFactory(username=username, is_staff=True, is_superuser=True)
    MembershipFactory(user=user, role=Role.ADMINISTRATOR)
    return user
