from beschaffungsallianz.newsletter.models.pages import NewsletterIndexPage, NewsletterIssuePage
from beschaffungsallianz.newsletter.models.subscribers import (
    Delivery,
    Dispatch,
    Subscriber,
    Topic,
)

__all__ = [
    "Delivery",
    "Dispatch",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
    "Subscriber",
    "Topic",
]
