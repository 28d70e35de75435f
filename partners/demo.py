"""Demo records for `seed_demo` (idempotent)."""

from careportal.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    return None
