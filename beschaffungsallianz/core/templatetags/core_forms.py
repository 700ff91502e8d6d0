"""``{{ form|error_summary }}``: the items of the error summary (core/forms/error_summary.html)."""

from django import template

from beschaffungsallianz.core import forms

register = template.Library()
register.filter("error_summary", forms.error_summary)
