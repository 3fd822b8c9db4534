"""The Editors group and its permissions (a frozen copy of claims.permissions.EDITOR_PERMISSIONS)."""

from django.db import migrations

EDITORS_GROUP = "Editors"
EDITOR_PERMISSIONS = (
    ("claims", "view_claim"),
    ("claims", "change_claim"),
    ("claims", "view_mention"),
    ("claims", "change_mention"),
    ("claims", "view_statuschange"),
    ("claims", "add_statuschange"),
    ("claims", "view_editorialevent"),
    ("claims", "add_editorialevent"),
    ("sources", "view_source"),
    ("sources", "view_article"),
    ("sources", "add_article"),
    ("sources", "change_article"),
    ("sources", "view_feed"),
    ("sources", "add_feed"),
    ("sources", "change_feed"),
)


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; make them now so the
    # group can hold them on a fresh database.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for app_label, codename in EDITOR_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        group.permissions.add(permission)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_editorial_event_audit_trail"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
