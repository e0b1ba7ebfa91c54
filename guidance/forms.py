from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from visits.models import ChecklistSection

from .models import GuidanceArticle


class ArticleForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    class Meta:
        model = GuidanceArticle
        fields = ["section", "title", "summary", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = ChecklistSection.objects.select_related(
            "version"
        ).order_by("-version__effective_date", "number")
        if self.instance.pk:
            del self.fields["publish"]
