"""Comparing two versions of the rules of procedure (…/geschaeftsordnung/vergleich/): the form
that chooses them from the query string and the readable diff (diff.py) of a valid choice."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from beschaffungsallianz.publications.diff import diff_html


class VersionChoiceField(forms.TypedChoiceField):
    default_error_messages = {
        "invalid_choice": _("Please choose one of the listed versions."),
        "required": _("Please choose a version."),
    }


class CompareVersionsForm(forms.Form):
    """Choose two versions of the rules of procedure (GET parameters ``von`` and ``zu``)."""

    @classmethod
    def for_query(cls, query, *, versions) -> "CompareVersionsForm":
        """Bound to the query when it names a version; otherwise unbound, with the two newest
        versions preselected."""
        if "von" in query or "zu" in query:
            return cls(query, versions=versions)
        initial = {"von": versions[1].pk, "zu": versions[0].pk} if len(versions) >= 2 else {}
        return cls(initial=initial, versions=versions)

    def comparison(self) -> dict:
        """``old``, ``new`` and the readable ``diff`` of a valid choice; else ``diff=None``."""
        if not self.is_bound or not self.is_valid():
            return {"diff": None}
        old, new = self.cleaned_data["von"], self.cleaned_data["zu"]
        return {"old": old, "new": new, "diff": diff_html(old.body, new.body)}

    von = VersionChoiceField(label=_("Older version"), coerce=int)
    zu = VersionChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {version.pk: version for version in versions}
        choices = [
            (version.pk, f"{version.label} ({formats.date_format(version.adopted_on)})")
            for version in versions
        ]
        for name in ("von", "zu"):
            self.fields[name].choices = choices

    def clean_von(self):
        return self.versions[self.cleaned_data["von"]]

    def clean_zu(self):
        return self.versions[self.cleaned_data["zu"]]

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("von"), cleaned.get("zu")
        if old is not None and new is not None and old.pk == new.pk:
            raise ValidationError(_("Please choose two different versions."), code="same")
        return cleaned
