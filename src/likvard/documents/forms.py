"""The upload form: a title and one file (the service checks its type and size)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_TITLE, Upload


class UploadForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=MAX_TITLE,
        help_text=_("T.ex. Skolans skriftliga anmälan, Polisens blankett."),
    )
    file = forms.FileField(
        label=_("Fil (PDF, PNG eller JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def upload(self) -> Upload:
        file = self.cleaned_data["file"]
        return Upload(
            title=self.cleaned_data["title"], filename=file.name, size=file.size, file=file
        )
