"""Scenario "django": the apps, services, planted imports and people of the project."""

from __future__ import annotations

from dataclasses import dataclass

from sample_repos.people import Person, Team


@dataclass(frozen=True)
class App:
    """One Django app: folder name, app label, service and what its files hold.

    ``fields`` are "Model.field>Target" (ForeignKey), "Model.field=Target" (OneToOne) or
    "Model.field*Target" (ManyToMany). Target is a model of the app ("Category"), a string
    reference to another app ("catalog.Product"), an imported model ("@catalogue") or the
    user model ("AUTH").
    """

    name: str
    label: str
    service: str
    start: float
    dotted_config: bool  # INSTALLED_APPS names "orders.apps.OrdersConfig", not "orders"
    models: tuple[str, ...]
    fields: tuple[str, ...]
    command: str
    extras: tuple[tuple[str, str, str], ...] = ()  # (basename, symbol, "class" | "func")

    @property
    def config_class(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_")) + "Config"


SOURCE_ROOT = "src"
PROJECT = "tradehub"
DESCRIPTION = "Marketplace backend: a Django project laid out by app."
KERNEL_APP = "core"

APPS: tuple[App, ...] = (
    App("accounts", "users", "customers", 0.012, True, ("User", "Address", "Profile"),
        ("Address.user>User", "Profile.user=User"), "purge_inactive_users",
        (("backends", "EmailBackend", "class"),)),
    App("catalogue", "catalog", "commerce", 0.03, False, ("Product", "Category", "ProductImage"),
        ("Product.category>Category", "ProductImage.product>Product"), "reindex_products",
        (("search", "search_products", "func"),)),
    App("basket", "basket", "commerce", 0.07, False, ("Basket", "BasketLine"),
        ("Basket.owner>AUTH", "BasketLine.basket>Basket", "BasketLine.product>@catalogue"),
        "expire_baskets", (("middleware", "BasketMiddleware", "class"),)),
    App("orders", "order", "commerce", 0.11, True, ("Order", "Line", "OrderNote"),
        ("Order.user>AUTH", "Order.basket>basket.Basket", "Order.shipping_address>users.Address",
         "Line.order>Order", "Line.product>@catalogue", "OrderNote.order>Order"),
        "archive_orders", (("checkout", "CheckoutFlow", "class"),)),
    App("payments", "payments", "payments", 0.17, True, ("Transaction", "Source", "Refund"),
        ("Transaction.order>order.Order", "Transaction.source>Source", "Source.user>AUTH",
         "Refund.transaction>Transaction"), "settle_transactions",
        (("gateways", "Stripe", "class"), ("tax", "tax_for", "func"))),
    App("invoicing", "invoicing", "payments", 0.23, False, ("Invoice", "InvoiceLine"),
        ("Invoice.order>order.Order", "Invoice.transaction>@payments",
         "InvoiceLine.invoice>Invoice"), "send_overdue_invoices",
        (("pdf", "render_invoice", "func"),)),
    App("warehouse", "stock", "fulfilment", 0.28, True, ("Warehouse", "StockRecord", "Movement"),
        ("StockRecord.product>catalog.Product", "StockRecord.warehouse>Warehouse",
         "Movement.record>StockRecord"), "recount_stock",
        (("allocation", "allocate_stock", "func"),)),
    App("shipping", "shipping", "fulfilment", 0.34, False, ("Shipment", "Carrier", "TrackingEvent"),
        ("Shipment.order>order.Order", "Shipment.carrier>Carrier", "Shipment.origin>@warehouse",
         "TrackingEvent.shipment>Shipment"), "poll_carriers",
        (("carriers", "CarrierClient", "class"),)),
    App("promotions", "promotions", "engagement", 0.4, True, ("Offer", "Voucher"),
        ("Offer.products*catalog.Product", "Voucher.offer>Offer", "Voucher.order>order.Order"),
        "close_expired_offers", (("rules", "OfferRules", "class"),)),
    App("reviews", "reviews", "customers", 0.47, False, ("Review", "Vote"),
        ("Review.product>catalog.Product", "Review.author>AUTH", "Vote.review>Review",
         "Vote.voter>AUTH"), "recalculate_ratings", (("moderation", "moderate", "func"),)),
    App("wishlists", "wishlists", "customers", 0.53, False, ("Wishlist", "WishlistItem"),
        ("Wishlist.owner>AUTH", "WishlistItem.wishlist>Wishlist",
         "WishlistItem.product>catalog.Product"), "notify_price_drops"),
    App("notifications", "notify", "engagement", 0.58, True, ("Notification", "Subscription"),
        ("Notification.recipient>AUTH", "Subscription.user>AUTH"), "send_digests",
        (("channels", "EmailChannel", "class"),)),
)
SERVICES = tuple(sorted({app.service for app in APPS}))

# The shared kernel app: (basename, symbol, kind, docstring).
KERNEL: tuple[tuple[str, str, str, str], ...] = (
    ("models", "TimeStampedModel", "class", "Abstract base models shared by every app."),
    ("utils", "unique_slug", "func", "Small helpers used all over the project."),
    ("money", "Money", "class", "Money amounts and rounding."),
    ("permissions", "StaffRequiredMixin", "class", "Access rules for views."),
    ("middleware", "RequestIdMiddleware", "class", "Tag every request with an id."),
    ("context_processors", "site", "func", "Template context shared by all pages."),
    ("views", "healthcheck", "func", "Project-wide views: health check."),
)
KERNEL_TESTS = ("utils", "money")

# Modules planted in the wrong app: (app, basename, symbol, kind, true service, created after
# this app starts, the host module that imports it, imports into its true service).
MISPLACED: tuple[tuple[str, str, str, str, str, str, str, tuple[str, ...]], ...] = (
    ("catalogue", "pricing", "price_with_tax", "func", "payments", "payments",
     "catalogue.views", ("payments.tax", "payments.selectors")),
    ("orders", "stock_checks", "check_stock", "func", "fulfilment", "warehouse",
     "orders.checkout", ("warehouse.selectors", "warehouse.allocation")),
    ("notifications", "receipts", "send_receipt", "func", "payments", "notifications",
     "notifications.services", ("invoicing.pdf", "payments.selectors")),
)

# Imports between apps beyond the standard ones of every app (source, target). Those that
# cross services come first; ``cross_rate`` keeps as many of them as it needs.
CROSS_IMPORTS: tuple[tuple[str, str], ...] = (
    ("orders.services", "payments.services"),
    ("invoicing.services", "orders.selectors"),
    ("shipping.services", "orders.selectors"),
    ("warehouse.selectors", "catalogue.selectors"),
    ("notifications.services", "accounts.selectors"),
    ("reviews.views", "catalogue.selectors"),
    ("promotions.rules", "catalogue.selectors"),
    ("basket.services", "promotions.rules"),
    ("wishlists.views", "catalogue.selectors"),
    ("reviews.services", "orders.selectors"),
    ("accounts.views", "orders.selectors"),
    ("orders.checkout", "accounts.selectors"),
)
INTRA_IMPORTS: tuple[tuple[str, str], ...] = (
    ("basket.services", "catalogue.selectors"),
    ("orders.services", "basket.services"),
    ("orders.checkout", "basket.selectors"),
    ("orders.checkout", "orders.services"),
    ("invoicing.services", "payments.selectors"),
    ("shipping.services", "warehouse.selectors"),
    ("reviews.services", "accounts.selectors"),
    ("catalogue.views", "catalogue.search"),
    ("payments.services", "payments.gateways"),
    ("payments.gateways", "core.money"),
    ("payments.tax", "core.money"),
    ("invoicing.pdf", "core.utils"),
    ("warehouse.allocation", "warehouse.selectors"),
    ("shipping.carriers", "shipping.models"),
    ("accounts.backends", "accounts.models"),
    ("basket.middleware", "basket.services"),
    ("promotions.rules", "promotions.models"),
    ("reviews.moderation", "reviews.models"),
    ("notifications.channels", "notifications.models"),
    ("notifications.services", "notifications.channels"),
    ("catalogue.search", "catalogue.selectors"),
)
# What a later app of a service imports from each earlier app of the same service.
SERVICE_IMPORTS: tuple[tuple[str, str], ...] = (
    ("services", "selectors"),
    ("services", "services"),
    ("services", "models"),
    ("views", "selectors"),
    ("views", "services"),
    ("selectors", "models"),
    ("models", "models"),
    ("admin", "models"),
    ("forms", "models"),
    ("signals", "services"),
)
# ... and what an earlier app imports back from a later one (its signals and pages use it).
SERVICE_CALLBACKS: tuple[tuple[str, str], ...] = (("signals", "services"), ("views", "selectors"))

# Calls that name another module by string: (module, function, first, second).
DYNAMIC: tuple[tuple[str, str, str, str], ...] = (
    ("invoicing.services", "get_model", "order", "Line"),
    ("promotions.services", "get_model", "basket", "BasketLine"),
    ("shipping.signals", "get_model", "order", "Order"),
    ("orders.checkout", "import_string", "payments.gateways.Stripe", ""),
    ("shipping.services", "import_string", "shipping.carriers.CarrierClient", ""),
)
# Receivers connected to another app's model by its "label.Model" string.
SIGNAL_SENDERS = {"notifications.signals": ("order.Order", "shipping.Shipment")}
MIDDLEWARE_CLASSES = ("core.middleware.RequestIdMiddleware", "basket.middleware.BasketMiddleware")
AUTH_BACKEND = "accounts.backends.EmailBackend"
PAYMENT_GATEWAY = "payments.gateways.Stripe"
CONTEXT_PROCESSOR = "core.context_processors.site"
AUTH_USER_MODEL = "users.User"
HOTSPOTS = ("orders.checkout", "promotions.rules")

REQUIREMENTS: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("Django", (4, 2, 11)),
    ("Pillow", (10, 2, 0)),
    ("celery", (5, 3, 6)),
    ("django-environ", (0, 11, 2)),
    ("gunicorn", (21, 2, 0)),
    ("psycopg", (3, 1, 18)),
    ("stripe", (8, 5, 0)),
)


def _person(name: str, tz: str) -> Person:
    email = name.lower().replace(" ", ".") + "@tradehub.example"
    return Person(name, email, tz)


INES = _person("Ines Ferreira", "+0000")
TOMASZ = _person("Tomasz Nowak", "+0100")
PRIYA = _person("Priya Raman", "+0530")
PRIYA_ALIAS = Person("P. Raman", "priya@raman.dev", "+0530")
JONAS = _person("Jonas Berg", "+0100")
KWAME = _person("Kwame Mensah", "+0000")
SOFIA = _person("Sofia Russo", "+0100")
YUKI = _person("Yuki Tanaka", "+0900")
OMAR = _person("Omar Farouk", "+0200")
ELENA = _person("Elena Popescu", "+0200")
MARTA = _person("Marta Silva", "+0000")  # platform: settings, kernel, formatter
LENA = _person("Lena Vogel", "+0100")  # translations
NOAH = _person("Noah Becker", "+0100")  # front end: static files, fonts
TEAMS = {
    "commerce": Team((INES, TOMASZ), (0.7, 0.3)),
    "payments": Team((PRIYA, PRIYA_ALIAS, JONAS), (0.5, 0.2, 0.3)),
    "fulfilment": Team((KWAME, SOFIA), (0.75, 0.25)),
    "customers": Team((YUKI, OMAR), (0.65, 0.35)),
    "engagement": Team((ELENA, TOMASZ), (0.8, 0.2)),
}
