from importlib import import_module, util

from django.core.management.base import BaseCommand
from django.db import transaction

from coalition import demo, demo_demining

# Each app may have a `demo.py` whose `load(context)` adds its part, in this order.
LATER_APPS = ["contributions", "meetings", "procurement"]


class Command(BaseCommand):
    help = "Load the IT Coalition demo data from the seeds. Idempotent: a second run changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        context = demo.load()
        for app in LATER_APPS:
            if util.find_spec(f"{app}.demo") is not None:
                import_module(f"{app}.demo").load(context)
        demo_demining.load(context)  # the second, wholly illustrative coalition
        password = demo.demo_password()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded: the IT Coalition of the seeds, and {demo_demining.NAME}.")
        )
        self.stdout.write("Demo logins (password from DEMO_PASSWORD, else the default below):")
        for username, kind, code, _name in demo.DEMO_USERS:
            role = f"{kind} of {code}" if code else kind
            self.stdout.write(f"  {username:<12} / {password}   ({role})")
        self.stdout.write(f"  {demo.REGISTRY_MANAGER[0]:<12} / {password}   (registry manager)")
