"""The form where a verifier pastes or uploads a credential."""

from __future__ import annotations

from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from course_engine.credentials.verify import MAX_BYTES
from course_engine.safe_forms import SafeForm


class CheckCredentialForm(SafeForm):
    """A credential as JSON text, or a .json file."""

    text = TextAreaField(
        "Credential (JSON)",
        validators=[Optional(), Length(max=MAX_BYTES)],
        description="Paste the whole credential, from the first { to the last }.",
    )
    upload = FileField("Or choose the credential file (.json)")

    def credential_text(self) -> bytes | str | None:
        """What was pasted, else the uploaded file's bytes (None when neither was given)."""
        if self.text.data and self.text.data.strip():
            return self.text.data
        upload = self.upload.data
        if isinstance(upload, FileStorage) and upload.filename:
            content: bytes = upload.read(MAX_BYTES + 1)
            return content
        return None
