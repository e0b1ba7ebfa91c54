"""Test data builders (factory_boy). The word "factory" belongs to the domain, hence *Builder."""

from __future__ import annotations

from datetime import timedelta

import factory as fb
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from certification.models import Certification, CertificationStatus
from factories.models import BlackoutPeriod, Factory, FactoryMembership
from fieldwork.models import Finding
from ietp.core.roles import FACTORY_MANAGERS, PROGRAM_STAFF, VISITORS
from visits.checklists import v2_0
from visits.checklists.loader import load_checklist
from visits.models import (
    ChecklistItem,
    ChecklistSection,
    ChecklistVersion,
    OrganisationKind,
    Severity,
    Visit,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)

PASSWORD = "correct-horse-battery"


class UserBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = fb.Sequence(lambda n: f"user{n}")
    email = fb.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = fb.Faker("first_name")
    last_name = fb.Faker("last_name")
    password = fb.PostGenerationMethodCall("set_password", PASSWORD)

    @fb.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def staff_user(**kwargs):
    return UserBuilder(role=PROGRAM_STAFF, **kwargs)


class FactoryBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = Factory
        skip_postgeneration_save = True

    name = fb.Sequence(lambda n: f"Test Toys {n}")
    seal_number = fb.Sequence(lambda n: f"C{900000 + n:06d}")
    address = "1 Test Road, Dongguan"
    country = "CN"
    time_zone = "Asia/Shanghai"
    headcount = 300
    # One report per publication in most tests; the report tests set zh-hans or vi themselves.
    report_language = "en"

    @fb.post_generation
    def certification(self, create, extracted, **kwargs):
        if create:
            Certification.objects.create(
                factory=self, status=extracted or CertificationStatus.CERTIFIED
            )


def manager_of(factory_, **kwargs):
    user = UserBuilder(role=FACTORY_MANAGERS, **kwargs)
    FactoryMembership.objects.create(factory=factory_, user=user)
    return user


class OrganisationBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = VisitingOrganisation

    name = fb.Sequence(lambda n: f"Audit Firm {n}")
    kind = OrganisationKind.AUDIT_FIRM
    accreditation_reference = fb.Sequence(lambda n: f"ACC-{n}")


class VisitorBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = Visitor

    user = fb.SubFactory(UserBuilder, role=VISITORS)
    organisation = fb.SubFactory(OrganisationBuilder)


def checklist_v2() -> ChecklistVersion:
    """The v2.0 checklist the migration loads; reloaded after a transactional test's flush."""
    version = ChecklistVersion.objects.filter(version="2.0").first()
    if version is None:
        version = load_checklist(
            v2_0,
            version_model=ChecklistVersion,
            section_model=ChecklistSection,
            item_model=ChecklistItem,
        )
    return version


def item(code: str) -> ChecklistItem:
    checklist_v2()
    return ChecklistItem.objects.get(section__version__version="2.0", code=code)


class VisitBuilder(fb.django.DjangoModelFactory):
    """A visit straight in the database (for reads and for moving through states in tests)."""

    class Meta:
        model = Visit
        skip_postgeneration_save = True

    factory = fb.SubFactory(FactoryBuilder)
    lead_visitor = fb.SubFactory(VisitorBuilder)
    organisation = fb.LazyAttribute(lambda v: v.lead_visitor.organisation)
    starts_at = fb.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = fb.LazyAttribute(lambda v: v.starts_at + timedelta(hours=8))
    checklist_version = fb.LazyFunction(checklist_v2)
    status = VisitStatus.DRAFT

    @fb.post_generation
    def team(self, create, extracted, **kwargs):
        if create:
            self.visitors.add(self.lead_visitor, *(extracted or []))


class FindingBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = Finding

    visit = fb.SubFactory(VisitBuilder, status=VisitStatus.IN_PROGRESS)
    checklist_item = fb.LazyFunction(lambda: item("5.1.2"))
    severity = Severity.MINOR
    description = "Overtime above the limit"


class BlackoutBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = BlackoutPeriod

    factory = None
    starts_on = fb.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    ends_on = fb.LazyAttribute(lambda b: b.starts_on + timedelta(days=14))
    reason = "Chinese New Year"


# Factory portal (issue 4): corrective actions, guidance, training, questions.


class CorrectiveActionBuilder(fb.django.DjangoModelFactory):
    """An action on a finding of a published visit (what the factory works on)."""

    class Meta:
        model = "actions.CorrectiveAction"

    finding = fb.SubFactory(FindingBuilder, visit__status=VisitStatus.PUBLISHED)
    action = "Cap overtime at 36 hours a month"
    owner = "HR manager"
    due_on = fb.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class QuestionBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = "questions.FactoryQuestion"

    visit = fb.SubFactory(VisitBuilder, status=VisitStatus.ANNOUNCED)
    question = "Will you also look at the new dormitory?"


class GuidanceArticleBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = "guidance.GuidanceArticle"

    section = fb.LazyFunction(lambda: item("5.1.2").section)
    title = fb.Sequence(lambda n: f"Planning overtime {n}")
    summary = "Plan production so overtime stays within the limit."
    body = "Forecast peak season with sales.\n\nTrack hours weekly."
    status = "published"
    published_at = fb.LazyFunction(timezone.now)


class TrainingProgrammeBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingProgramme"

    title = fb.Sequence(lambda n: f"Fire safety training {n}")
    topic = "Fire and Emergency"
    format = "workshop"
    starts_on = fb.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    ends_on = fb.LazyAttribute(lambda p: p.starts_on + timedelta(days=1))
    capacity = 10


def png_bytes(size: tuple[int, int] = (40, 30), colour: str = "red") -> bytes:
    """A real (tiny) PNG photo for evidence uploads."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def in_progress_visit(*, lead_visitor, sections=(5, 12), **kwargs) -> Visit:
    """A visit under way, with agenda sections (by number) from the v2.0 checklist."""
    visit = VisitBuilder(lead_visitor=lead_visitor, status=VisitStatus.IN_PROGRESS, **kwargs)
    visit.agenda_sections.set(checklist_v2().sections.filter(number__in=sections))
    return visit


# --- Reports (issue 6): evidence photos, corrective actions, questions, report versions ---


def image_bytes(*, size=(640, 480), color=(30, 120, 160), fmt: str = "JPEG") -> bytes:
    """A real small image made with Pillow (a gradient, so it compresses like a photo)."""
    import io

    from PIL import Image

    image = Image.linear_gradient("L").resize(size).convert("RGB")
    overlay = Image.new("RGB", size, color)
    out = io.BytesIO()
    Image.blend(image, overlay, 0.6).save(out, format=fmt)
    return out.getvalue()


def _content_file(data: bytes, name: str):
    from django.core.files.base import ContentFile

    return ContentFile(data, name=name)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


class EvidenceBuilder(fb.django.DjangoModelFactory):
    class Meta:
        model = "fieldwork.FindingEvidence"

    class Params:
        image = fb.LazyFunction(image_bytes)

    finding = fb.SubFactory(FindingBuilder)
    original_name = fb.Sequence(lambda n: f"photo-{n}.jpg")
    file = fb.LazyAttribute(lambda e: _content_file(e.image, e.original_name))
    content_type = "image/jpeg"
    size = fb.LazyAttribute(lambda e: len(e.image))


class ReportVersionBuilder(fb.django.DjangoModelFactory):
    """A stored report version without rendering (for access tests); content is a stub PDF."""

    class Meta:
        model = "reports.ReportVersion"

    class Params:
        content = b"%PDF-1.7\n% stub report for access tests\n%%EOF\n"

    visit = fb.SubFactory(VisitBuilder, status=VisitStatus.PUBLISHED)
    version = fb.Sequence(lambda n: n + 1)
    status = "ready"
    file = fb.LazyAttribute(lambda r: _content_file(r.content, f"report-v{r.version}.pdf"))
    checksum = fb.LazyAttribute(lambda r: _sha256(r.content))
    size = fb.LazyAttribute(lambda r: len(r.content))
    page_count = 1
    generated_at = fb.LazyFunction(timezone.now)
