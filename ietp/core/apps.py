from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "ietp.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from .audit import discover_actions
        from .roles import ensure_role_groups

        discover_actions()

        # Groups need the permissions Django creates after migrating, so they are kept in step
        # here rather than in a data migration.
        post_migrate.connect(ensure_role_groups, dispatch_uid="core.ensure_role_groups")
