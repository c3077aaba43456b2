"""Account views. Each one validates, calls auth helpers, commits once, and redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..areas.queries import create_default_areas
from ..extensions import db
from ..models import User
from . import bp, login_cache, sessions, throttle
from .forms import ChangePasswordForm, DeleteAccountForm, EmptyForm, LoginForm, RegisterForm
from .passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    verify_password,
)
from .queries import delete_user, email_taken, find_user_by_email, normalize_email

LOGIN_FAILED = "That email and password do not match an account."


def safe_next_url(target: str | None) -> str | None:
    """Return `target` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        if email_taken(form.email.data):
            form.email.errors.append("An account with this email already exists. Log in instead?")
        else:
            _end_transaction()
            password_hash = hash_password(form.password.data)
            user = User(email=normalize_email(form.email.data), password_hash=password_hash)
            db.session.add(user)
            try:
                db.session.flush()
            except IntegrityError:  # registered by a concurrent request a moment ago
                db.session.rollback()
                form.email.errors.append("An account with this email already exists.")
            else:
                create_default_areas(user)
                _log_in(user, remember=False)
                db.session.commit()
                current_app.logger.info("account created user_id=%s addr=%s", user.id,
                                        request.remote_addr or "unknown")
                flash("Welcome to your journal.", "success")
                return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        now = clock.now()
        address = request.remote_addr or "unknown"
        key = throttle.account_key(normalize_email(form.email.data))
        wait = throttle.reserve_attempt(key, address, now)
        if wait is not None:
            db.session.rollback()
            current_app.logger.warning(
                "login refused, too many failures addr=%s account=%s", address, key[:12]
            )
            minutes = max(1, round(wait / 60))
            form.form_errors.append(
                f"Too many failed attempts. Try again in about {minutes} minute"
                f"{'' if minutes == 1 else 's'}."
            )
            response = current_app.make_response(
                (render_template("auth/login.html", form=form), 429)
            )
            response.headers["Retry-After"] = str(wait)
            return response
        user = find_user_by_email(form.email.data)
        stored_hash = user.password_hash if user is not None else None
        # The attempt is counted (as failed until proven right) before the slow check, and
        # no transaction is held during it (see _end_transaction).
        db.session.commit()
        if stored_hash is None:
            burn_verification_time()
        if stored_hash is not None and verify_password(stored_hash, form.password.data):
            new_hash = hash_password(form.password.data) if needs_rehash(stored_hash) else None
            throttle.clear_failures(key)
            if new_hash:
                user.password_hash = new_hash
            _log_in(user, remember=form.remember.data)
            sessions.prune_expired(now)
            db.session.commit()
            current_app.logger.info("login ok user_id=%s addr=%s", user.id, address)
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))
        current_app.logger.warning("login failed addr=%s account=%s", address, key[:12])
        form.form_errors.append(LOGIN_FAILED)
        status = 401
    elif form.errors:
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    if EmptyForm().validate_on_submit() and current_user.is_authenticated:
        sessions.end(current_user.session_token)
        db.session.commit()
        logout_user()
    session.clear()
    flash("You are logged out.", "info")
    response = redirect(url_for("main.index"))
    _delete_remember_cookie(response)
    return response


def _delete_remember_cookie(response) -> None:
    # For every way out of a login (log out, delete the account). Flask-Login would delete
    # it without the attributes it was set with (Secure, HttpOnly, SameSite); the login
    # session it names has ended already, so this only tidies up.
    config = current_app.config
    if config["REMEMBER_COOKIE_NAME"] in request.cookies:
        response.delete_cookie(
            config["REMEMBER_COOKIE_NAME"], path=config.get("REMEMBER_COOKIE_PATH", "/"),
            domain=config.get("REMEMBER_COOKIE_DOMAIN"),
            secure=config["REMEMBER_COOKIE_SECURE"], httponly=config["REMEMBER_COOKIE_HTTPONLY"],
            samesite=config["REMEMBER_COOKIE_SAMESITE"],
        )


@bp.route("/account")
@login_required
def account():
    return render_template(
        "auth/account.html",
        password_form=ChangePasswordForm(),
        delete_form=DeleteAccountForm(),
    )


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        stored_hash = user.password_hash
        remember = sessions.is_remembered(user.session_token)
        _end_transaction()
        if not verify_password(stored_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            new_hash = hash_password(form.new_password.data)
            user.password_hash = new_hash
            user.password_changed_at = clock.now()
            sessions.end_all(user)
            _log_in(user, remember=remember)
            db.session.commit()
            current_app.logger.info("password changed user_id=%s", user.id)
            flash("Password changed. Any other device has been logged out.", "success")
            return redirect(url_for("auth.account"))
    delete_form = DeleteAccountForm(formdata=None)
    page = render_template("auth/account.html", password_form=form, delete_form=delete_form)
    return page, 422


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        stored_hash = user.password_hash
        _end_transaction()
        if not verify_password(stored_hash, form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            user_id = user.id
            delete_user(user)
            db.session.commit()
            logout_user()
            session.clear()
            current_app.logger.info("account deleted user_id=%s", user_id)
            flash("Your account and everything in it have been deleted.", "info")
            response = redirect(url_for("main.index"))
            _delete_remember_cookie(response)
            return response
    password_form = ChangePasswordForm(formdata=None)
    page = render_template("auth/account.html", password_form=password_form, delete_form=form)
    return page, 422


def _end_transaction() -> None:
    # Called before the deliberately slow argon2 work: a request that may write holds
    # SQLite's write lock from its first statement (see database.py), and no one's login,
    # registration or password change may queue behind another's hashing and time out as
    # "database is locked". Nothing has been written yet when this is called.
    db.session.rollback()


def _log_in(user: User, *, remember: bool) -> None:
    # A fresh session for every login: nothing from before it carries over.
    session.clear()
    sessions.start(user, remember=remember, now=clock.now())
    login_user(user, remember=remember, duration=current_app.config["REMEMBER_COOKIE_DURATION"])


def load_user(token: str) -> User | login_cache.ReadOnlyUser | None:
    """flask-login's user loader: the user of a live server-side login, or None."""
    return sessions.load_user(token, clock.now())
