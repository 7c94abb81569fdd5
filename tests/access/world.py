"""One believable world with a real object behind every id of every URL.

Kindergarten A and B each have a depot (B's objects are what the URLs name, so
staff of A must never reach them); the partner member's school is in SKOFO, which
organises the championship; the judge judges its heat.
"""

from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation
from kindergarten_depots.models import CalendarFeed, ImportBatch, Loan, ScheduleRun
from partnerships.models import Attachment, BackingRequest, PartnershipMember
from readaloud import services as readaloud_services
from tests.kindergarten_depots.conftest import depot_world
from tests.kindergarten_depots.factories import ClosurePeriodFactory, ItemFactory
from tests.partnerships.factories import (
    ContactPersonFactory,
    JournalEntryFactory,
    TaskFactory,
    TimeEntryFactory,
)
from tests.readaloud.factories import (
    ChampionshipFactory,
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    RoundFactory,
)

INVITATION_TOKEN = "invitation-token-for-the-access-test"


def build_world(*, librarian, partner_member, judge, staff_a, staff_b, school) -> dict:
    depot_a = depot_world(kindergarten=staff_a.partner, coordinator=librarian, label="Alfa")
    depot_b = depot_world(kindergarten=staff_b.partner, coordinator=librarian, label="Beta")

    championship = ChampionshipFactory()
    skofo = championship.organiser
    PartnershipMember.objects.create(partnership=skofo, user=partner_member)
    skofo.partners.add(school)
    heat = HeatFactory(round=RoundFactory(championship=championship, number=1))
    contestant = ContestantFactory(championship=championship, school=school, first_name="Egen")
    performance = readaloud_services.contestant_place(contestant=contestant, heat=heat)
    assignment = JudgeAssignmentFactory(heat=heat, judge=judge)

    now = timezone.now()
    invitation = Invitation.objects.create(
        user=staff_b,
        token_hash=Invitation.hash_token(INVITATION_TOKEN),
        invited_by=librarian,
        created_at=now,
        expires_at=now + Invitation.VALID_FOR,
    )
    attachment = Attachment(
        partnership=skofo, title="Aftale", uploaded_by=librarian, content_type="text/plain"
    )
    attachment.file.save("aftale.txt", ContentFile(b"Aftale"), save=False)
    attachment.size = 6
    attachment.save()
    batch = ImportBatch(uploaded_by=librarian, filename="katalog.csv")
    batch.file.save("katalog.csv", ContentFile(b"stregkode;titel\n"), save=False)
    batch.save()
    done_batch = ImportBatch.objects.create(
        uploaded_by=librarian,
        filename="importeret.csv",
        status=ImportBatch.Status.DONE,
        rows_total=2,
        rows_done=2,
    )

    # A book of B's depot written off as missing at an earlier check-in.
    delivered_b = depot_b["delivered"]
    written_off = Loan.objects.create(
        item=ItemFactory(title="Beta mistet bog", status="lost"),
        agreement=depot_b["agreement"],
        delivered_by=delivered_b,
        delivered_on=delivered_b.planned_date,
        returned_by=delivered_b,
        returned_on=delivered_b.planned_date,
        return_state=Loan.ReturnState.MISSING,
        written_off=True,
    )

    return {
        "a": depot_a,
        "written_off": written_off,
        "b": depot_b,
        "kindergarten": staff_b.partner,
        "contact": ContactPersonFactory(partner=staff_b.partner),
        "invited": staff_b,
        "invitation": invitation,
        "reset_uid": urlsafe_base64_encode(force_bytes(staff_b.pk)),
        "reset_token": default_token_generator.make_token(staff_b),
        "partnership": skofo,
        "backing_request": BackingRequest.objects.create(partnership=skofo, requested_by=librarian),
        "member": skofo.memberships.get(user=partner_member),
        "attachment": attachment,
        "journal_entry": JournalEntryFactory(partnership=skofo, author=partner_member),
        "task": TaskFactory(partnership=skofo, assignee=partner_member),
        "time_entry": TimeEntryFactory(partnership=skofo, user=partner_member),
        "closure": ClosurePeriodFactory(
            kindergarten=staff_b.partner,
            start_date=timezone.localdate() + timedelta(days=100),
            end_date=timezone.localdate() + timedelta(days=101),
        ),
        "import_batch": batch,
        "imported_batch": done_batch,
        "schedule_run": ScheduleRun.objects.create(
            started_by=librarian, status=ScheduleRun.Status.DONE, in_progress=False
        ),
        "feed": CalendarFeed.objects.create(kindergarten=staff_b.partner),
        "championship": championship,
        "round": heat.round,
        "heat": heat,
        "contestant": contestant,
        "performance": performance,
        "assignment": assignment,
    }
