"""factory_boy factories for sources and claims. Anyone's tests may import them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from claims.models import Claim, EditorialEvent, Mention, StatusChange
from claims.permissions import editors_group_ensure
from sources.models import Article, Feed, Source, SourceDomain

PASSWORD = "correct horse battery staple"
# Hashed once: hashing per user would make every factory-made user cost a third of a second.
_PASSWORD_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reader{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = _PASSWORD_HASH


class EditorFactory(UserFactory):
    """A user in the Editors group (the group is made sure of first: a flushed
    transactional test database has lost the data migration's rows)."""

    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def editors_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(editors_group_ensure())  # type: ignore[attr-defined]


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.LazyAttribute(lambda s: Source.unique_slug_for(s.name))
    kind = Source.Kind.OUTLET


class SourceDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDomain

    source = factory.SubFactory(SourceFactory)
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://outlet{n}.example/rss.xml")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/2024/story-{n}")
    canonical_url = factory.SelfAttribute("url")
    publisher = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Story number {n}")
    byline = "A. Reporter"
    published_at = factory.LazyFunction(lambda: datetime(2024, 6, 21, 9, 0, tzinfo=UTC))
    text = "Officials said something happened. Others disagreed."
    language = "en"
    state = Article.State.EXTRACTED


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    summary = factory.Sequence(lambda n: f"Claim number {n}")
    actor = "Northland"
    place = "Eastport"
    first_reported = date(2024, 6, 21)
    status = Claim.Status.UNVERIFIED


class MentionFactory(factory.django.DjangoModelFactory):
    """A mention whose quote is its article's whole text unless told otherwise, so the
    offsets are always right."""

    class Meta:
        model = Mention

    class Params:
        publisher = factory.SubFactory(SourceFactory)

    claim = factory.SubFactory(ClaimFactory)
    quote = factory.Sequence(lambda n: f"Officials said event number {n} took place.")
    article = factory.SubFactory(
        ArticleFactory,
        text=factory.SelfAttribute("..quote"),
        publisher=factory.SelfAttribute("..publisher"),
    )
    start = 0
    end = factory.LazyAttribute(lambda m: len(m.quote))
    claimant = factory.SubFactory(SourceFactory, kind=Source.Kind.PERSON)
    claimant_text = factory.LazyAttribute(lambda m: m.claimant.name if m.claimant else "")
    cue = "said"
    stance = Mention.Stance.ASSERTS
    stated_on = factory.LazyAttribute(lambda m: m.claim.first_reported)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A verdict row; also moves the claim's status, as claim_set_status would."""

    class Meta:
        model = StatusChange
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    from_status = factory.LazyAttribute(lambda c: c.claim.status)
    to_status = Claim.Status.CONFIRMED
    editor = factory.LazyFunction(lambda: EditorFactory.create(username="factory-editor"))
    note = "Confirmed by two independent sources."

    @factory.post_generation
    def apply(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Claim.objects.filter(pk=self.claim_id).update(status=self.to_status)  # type: ignore[attr-defined]
            self.claim.status = self.to_status  # type: ignore[attr-defined]


class EditorialEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditorialEvent

    claim = factory.SubFactory(ClaimFactory)
    kind = EditorialEvent.Kind.SUMMARY_EDIT
    editor = factory.LazyFunction(lambda: EditorFactory.create(username="factory-editor"))
    details = factory.LazyAttribute(lambda e: {"before": "Old summary", "after": e.claim.summary})
