"""Account forms: register, log in, change password, delete account, log out."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..fields import JournalForm
from .passwords import MAX_LENGTH, MIN_LENGTH, password_problem

EMAIL_MAX = 254


def _usable_password(form, field) -> None:
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _email(*extra_validators) -> EmailField:
    too_long = f"An email address has at most {EMAIL_MAX} characters."
    return EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Length(max=EMAIL_MAX, message=too_long),
            *extra_validators,
        ],
    )


def _new_password(label: str, missing: str, hint: str) -> PasswordField:
    return PasswordField(label, validators=[DataRequired(missing), _usable_password],
                         description=hint)


def _confirmation(label: str, missing: str, of: str) -> PasswordField:
    return PasswordField(
        label, validators=[DataRequired(missing), EqualTo(of, "The two passwords differ.")]
    )


class RegisterForm(JournalForm):
    email = _email(Email("Enter an email address like name@example.org."))
    password = _new_password(
        "Password",
        "Choose a password.",
        f"At least {MIN_LENGTH} characters; a passphrase of a few words is ideal.",
    )
    confirm = _confirmation("Repeat the password", "Type the password a second time.", "password")


class LoginForm(JournalForm):
    email = _email()
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter your password."),
            Length(max=MAX_LENGTH, message=f"A password has at most {MAX_LENGTH} characters."),
        ],
    )
    remember = BooleanField("Keep me logged in on this device for 30 days")


class ChangePasswordForm(JournalForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = _new_password(
        "New password",
        "Choose a new password.",
        f"At least {MIN_LENGTH} characters. Other devices will be logged out.",
    )
    confirm = _confirmation(
        "Repeat the new password", "Type the new password a second time.", "new_password"
    )


class DeleteAccountForm(JournalForm):
    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password to confirm.")]
    )
    confirm_text = StringField(
        'Type "delete my journal" to confirm',
        validators=[DataRequired('Type "delete my journal" to confirm.')],
    )

    def validate_confirm_text(self, field) -> None:
        if (field.data or "").strip().lower() != "delete my journal":
            raise ValidationError('Type exactly "delete my journal" to confirm.')


class EmptyForm(JournalForm):
    """A form with no fields: gives button-only POSTs (log out) a CSRF token."""
