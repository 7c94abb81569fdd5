import factory
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``roles=[Role.LIBRARIAN]`` to put it in role groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="da_DK")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        # get_or_create: transactional (browser) tests flush the migrated role groups.
        self.groups.add(*[Group.objects.get_or_create(name=role)[0] for role in extracted])
