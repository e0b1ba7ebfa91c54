from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "ietp.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from .audit import discover_actions
        from .outbox import discover_kinds
        from .roles import ensure_role_groups

        discover_actions()
        discover_kinds()

        # Groups need the permissions Django creates after migrating, so they are kept in step
        # here rather than in a data migration.
        post_migrate.connect(ensure_role_groups, dispatch_uid="core.ensure_role_groups")
        # Every way of logging in (the form, a password reset, a test's force_login) goes
        # through django.contrib.auth.login, which sends this signal.
        user_logged_in.connect(_session_language, dispatch_uid="core.session_language")


def _session_language(sender, request, user, **kwargs) -> None:
    from .languages import SESSION_KEY, user_language_on_login

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = user_language_on_login(user=user, request=request)
