"""Scenario "shop": a ~100-module online shop monolith laid out by layer, not by service."""

from __future__ import annotations

import random

from sample_repos.compose import Recipe, Units, compose
from sample_repos.graph import GraphSpec
from sample_repos.model import (
    FROM_PACKAGE,
    FROM_SYMBOL,
    IMPORT_MODULE,
    INIT,
    KERNEL,
    MIGRATION,
    Design,
    Module,
)
from sample_repos.options import OptionSpec
from sample_repos.people import Person, Team, mailmap_text
from sample_repos.plan_base import Budget, Cast
from sample_repos.pysource import Style

PACKAGE = "shop"
DESCRIPTION = "Online shop backend: catalog, orders, payments, shipping, accounts, notifications."
OPTIONS = (OptionSpec("cross_rate", float, 0.10, 0.0, 0.6),)
LAYERS = ("db", "domain", "tasks", "api")

# (service, start on the 0..1 timeline, modules per layer)
SERVICES: tuple[tuple[str, float, dict[str, tuple[str, ...]]], ...] = (
    (
        "catalog",
        0.0,
        {
            "db": ("product_repo", "category_repo", "inventory_repo"),
            "domain": ("product", "category", "pricing_rules", "inventory", "product_media"),
            "tasks": ("reindex_catalog", "sync_stock", "import_feed"),
            "api": ("product_views", "category_views", "search_views"),
        },
    ),
    (
        "accounts",
        0.02,
        {
            "db": ("customer_repo", "session_repo", "address_repo"),
            "domain": ("customer", "address", "credentials", "permissions", "profile"),
            "tasks": ("purge_sessions", "verify_emails", "merge_accounts"),
            "api": ("account_views", "session_views", "address_views"),
        },
    ),
    (
        "orders",
        0.06,
        {
            "db": ("order_repo", "cart_repo", "order_line_repo"),
            "domain": ("order", "cart", "checkout", "order_status", "discount"),
            "tasks": ("expire_carts", "order_reports", "archive_orders"),
            "api": ("order_views", "cart_views", "checkout_views"),
        },
    ),
    (
        "payments",
        0.12,
        {
            "db": ("payment_repo", "invoice_repo", "ledger_repo"),
            "domain": ("invoice", "payment", "refund", "ledger", "tax"),
            "tasks": ("settle_payments", "retry_charges", "reconcile_ledger"),
            "api": ("payment_views", "refund_views", "webhook_views"),
        },
    ),
    (
        "shipping",
        0.18,
        {
            "db": ("shipment_repo", "carrier_repo", "tracking_repo"),
            "domain": ("shipment", "carrier", "parcel", "delivery_window", "shipping_rate"),
            "tasks": ("poll_carriers", "print_labels", "route_planner"),
            "api": ("shipment_views", "tracking_views", "rate_views"),
        },
    ),
    (
        "notifications",
        0.25,
        {
            "db": ("notification_repo", "template_repo", "preference_repo"),
            "domain": ("notification", "message_template", "channel", "preference", "digest"),
            "tasks": ("send_emails", "send_push", "build_digests"),
            "api": ("notification_views", "preference_views", "template_views"),
        },
    ),
)
# (name, symbol, kind, stdlib extras, docstring)
KERNEL_MODULES = (
    ("errors", "DomainError", "class", (), "Error types shared by every part of the shop."),
    ("money", "Money", "class", ("decimal",), "Money amounts and currency helpers."),
    ("ids", "new_id", "func", ("uuid",), "Identifier generation."),
    ("clock", "utcnow", "func", ("datetime",), "Time helpers that tests can freeze."),
    ("events", "publish", "func", ("json", "logging"), "In-process domain events."),
)
LAYER_DOCS = {
    "": "Shop backend.",
    "api": "HTTP layer.",
    "domain": "Business logic.",
    "db": "Persistence layer.",
    "tasks": "Background jobs.",
    "core": "Shared kernel.",
}
MIGRATIONS = (
    ("0001_initial_schema", 0.09),
    ("0002_add_shipments", 0.3),
    ("0003_notification_preferences", 0.47),
)
EXTRAS = {
    "api": (("json", 0.6), ("logging", 0.4), ("requests", 0.25)),
    "domain": (("datetime", 0.4), ("decimal", 0.3), ("json", 0.2)),
    "db": (("sqlalchemy", 1.0), ("json", 0.2)),
    "tasks": (("logging", 1.0), ("celery", 0.8), ("requests", 0.3), ("datetime", 0.3)),
}
TEST_SHARE = {"api": 0.3, "domain": 0.75, "db": 0.6, "tasks": 0.5}

ALICE = Person("Alice Moreau", "alice.moreau@shopco.example", "+0100")
BILAL = Person("Bilal Haddad", "bilal.haddad@shopco.example", "+0100")
CHEN = Person("Chen Wei", "chen.wei@shopco.example", "+0800")
CHEN_ALIAS = Person("Wei Chen", "wei.chen@fastmail.example", "+0800")
DANA = Person("Dana Kowalski", "dana.kowalski@shopco.example", "-0500")
EMEKA = Person("Emeka Obi", "emeka.obi@shopco.example", "+0000")
FREYA = Person("Freya Lindqvist", "freya.lindqvist@shopco.example", "+0100")
GUSTAVO = Person("Gustavo Pereira", "gustavo.pereira@shopco.example", "-0300")
HANA = Person("Hana Sato", "hana.sato@shopco.example", "+0900")
TEAMS = {
    "catalog": Team((ALICE, GUSTAVO), (0.8, 0.2)),
    "accounts": Team((EMEKA, GUSTAVO), (0.85, 0.15)),
    "orders": Team((BILAL, HANA), (0.7, 0.3)),
    "payments": Team((CHEN, CHEN_ALIAS, HANA), (0.5, 0.3, 0.2)),
    "shipping": Team((DANA, BILAL), (0.85, 0.15)),
    "notifications": Team((FREYA, EMEKA), (0.8, 0.2)),
}

BUDGET = Budget(
    hotspot_edits=(42, 50),
    churny_edits=(42, 50),
    hidden_together=(9, 11),
    hidden_solo=(1, 2),
    rename_before=6,
    rename_after=3,
    tangled=6,
    merges=6,
    precommit=7,
    dependabot=6,
    vendor_updates=3,
    kernel_edits=(2, 4),
    docs_edits=2,
    pair_prob=0.6,
    test_prob=0.4,
)
GRAPH = GraphSpec(
    intra={"api": (2, 3), "domain": (1, 2), "db": (0, 1), "tasks": (1, 3)},
    kernel=(1, 2),
    styles=((FROM_SYMBOL, 0.6), (IMPORT_MODULE, 0.15), (FROM_PACKAGE, 0.25)),
    relative_share=0.4,
)


def design(seed: int, options: dict[str, int | float]) -> Design:
    rng = random.Random(seed)
    recipe = Recipe(
        scenario="shop",
        seed=seed,
        options=options,
        package=PACKAGE,
        description=DESCRIPTION,
        services=sorted(name for name, _, _ in SERVICES),
        modules=_modules(rng),
        cast=Cast(TEAMS, GUSTAVO, "SHOP"),
        org="shopco",
        style=Style(compact=False, hot_base_blocks=20, stable_blocks=34),
        graph=GRAPH,
        budget=BUDGET,
        cross_rate=float(options["cross_rate"]),
        hotspots=3,
        decoys=2,
        hidden_pairs=4,
        lint_targets=4,
        test_share=TEST_SHARE,
        test_path=lambda m: f"tests/test_{m.basename}.py",
        rename_to=_rename_to,
        units=_units,
        total=None,
        span_days=730,
        aliases={CHEN.email: [CHEN_ALIAS.email]},
        mailmap=mailmap_text(CHEN, (CHEN_ALIAS,)),
    )
    return compose(recipe, rng)


def _modules(rng: random.Random) -> list[Module]:
    modules = [_init("", 0.0)] + [_init(layer, 0.0) for layer in ("api", "domain", "db", "tasks")]
    modules.append(_init("core", 0.0))
    for name, symbol, kind, extras, doc in KERNEL_MODULES:
        path = f"{PACKAGE}/core/{name}.py"
        modules.append(
            Module(
                f"{PACKAGE}.core.{name}",
                path,
                "core",
                None,
                symbol,
                kind,
                doc,
                0.0,
                role=KERNEL,
                extras=list(extras),
            )
        )
    for service, start, layers in SERVICES:
        names = [(layer, name) for layer in LAYERS for name in layers[layer]]
        for index, (layer, name) in enumerate(names):
            created = round(start + 0.004 + index * 0.013 + rng.uniform(0, 0.006), 6)
            modules.append(_service_module(rng, service, layer, name, created))
    first = MIGRATIONS[0][1]
    modules.append(_init("db/migrations", first))
    for name, created in MIGRATIONS:
        path = f"{PACKAGE}/db/migrations/{name}.py"
        modules.append(
            Module(
                f"{PACKAGE}.db.migrations.{name}",
                path,
                "migrations",
                None,
                "",
                "migration",
                "",
                created,
                role=MIGRATION,
            )
        )
    return modules


def _init(folder: str, created: float) -> Module:
    path = f"{PACKAGE}/{folder}/__init__.py" if folder else f"{PACKAGE}/__init__.py"
    dotted = ".".join(part for part in (PACKAGE, folder.replace("/", ".")) if part)
    doc = LAYER_DOCS.get(folder, "Database migrations.")
    return Module(dotted, path, "init", None, "", "init", doc, created, role=INIT)


def _service_module(
    rng: random.Random, service: str, layer: str, name: str, created: float
) -> Module:
    kind = "func" if layer == "tasks" else "class"
    symbol = name if kind == "func" else "".join(part.capitalize() for part in name.split("_"))
    extras = [extra for extra, share in EXTRAS[layer] if rng.random() < share]
    subject = name.removesuffix("_views").removesuffix("_repo").replace("_", " ")
    doc = {
        "api": f"HTTP endpoints for {subject}.",
        "domain": f"{subject.capitalize()} domain logic.",
        "db": f"Database access for {subject}.",
        "tasks": f"Background job: {subject}.",
    }[layer]
    path = f"{PACKAGE}/{layer}/{name}.py"
    return Module(
        f"{PACKAGE}.{layer}.{name}", path, layer, service, symbol, kind, doc, created, extras=extras
    )


def _rename_to(module: Module) -> str:
    folder, _, _ = module.path.rpartition("/")
    base = module.basename.removesuffix("_views")
    return f"{folder}/{base}_endpoints.py"


def _units(pool: list[Module], rng: random.Random) -> Units:
    units = {m.fid: rng.randint(2, 10) for m in pool}
    return units, {fid: 1.0 for fid in units}
