"""Writes of the knowledge base that touch several models: a public proposal of a practice
example becomes a draft example with its documents in the non-public collection "Einsendungen".
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from beschaffungsallianz.core.roles import COORDINATOR_GROUP, EDITOR_GROUP
from beschaffungsallianz.core.uploads import files_removed_on_rollback
from beschaffungsallianz.knowledge.models.practice import PracticeDocument, PracticeExample
from beschaffungsallianz.knowledge.tasks import notify_staff_of_proposal

SUBMISSIONS_COLLECTION = "Einsendungen"


def submissions_collection() -> Collection:
    """The non-public collection "Einsendungen": documents only editors and coordinators see.

    Created on first use, with a view restriction to the groups Redaktion and Koordination.
    """
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=SUBMISSIONS_COLLECTION)
    restriction = collection.view_restrictions.first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=[EDITOR_GROUP, COORDINATOR_GROUP]))
    return collection


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "praxisbeispiel")[:200].strip("-") or "praxisbeispiel"
    slug, n = base, 1
    while PracticeExample.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_proposed_example(data: dict) -> PracticeExample:
    """Store a valid proposal as a draft practice example with its documents, atomically.

    ``data`` is the cleaned data of ``PracticeExampleProposalForm``. If the transaction does not
    commit (a row refused by the database, any error), the files it stored are removed again
    (``core.uploads``), so a failed proposal leaves nothing. Staff are e-mailed once the
    proposal is committed.
    """
    Document = get_document_model()
    with files_removed_on_rollback():
        collection = submissions_collection()
        documents = []
        for upload in data.get("attachments") or []:
            document = Document(title=upload.name[:255], file=upload, collection=collection)
            document._set_document_file_metadata()
            document.save()
            documents.append(document)
        summary = data["summary"]
        if data.get("criteria"):
            heading = _("Criteria used (as submitted)")
            summary = f"{summary}\n\n{heading}:\n{data['criteria']}"
        example = PracticeExample(
            title=data["title"],
            slug=_unique_slug(data["title"]),
            summary=summary,
            buyer_name=data["buyer_name"],
            buyer_kind=data["buyer_kind"],
            state=data["state"],
            year=data["year"],
            outcome=data.get("experience", ""),
            source_url=data.get("source_url", ""),
            contact_name=data["submitter_name"],
            contact_email=data["submitter_email"],
            contact_consent=bool(data.get("show_contact")),
            submitted_by_public=True,
            submitter_email=data["submitter_email"],
            live=False,
            has_unpublished_changes=True,
        )
        example.product_groups.set(data.get("product_groups") or [])
        example.documents = [
            PracticeDocument(document=document, title=document.title) for document in documents
        ]
        example.save()
        example.save_revision(log_action="wagtail.create")
        transaction.on_commit(lambda: notify_staff_of_proposal.enqueue(example.pk))
    return example
