"""Models of the knowledge base, one module per kind of content:

- ``reference``: product groups, labels, state procurement laws, criteria (snippets);
- ``practice``: practice examples with their criteria and documents, the facet-index version
  (snippets; their review workflow is set up in core/workflows.py);
- ``pages``: the five index pages, whose route methods are the public views.

Code that the pages call (examples.py, states.py, labels.py, criteria.py, search, services.py)
imports from ``reference`` and ``practice`` directly, never from this package, so that no
import cycle runs through the pages.
"""

from beschaffungsallianz.knowledge.models.pages import (
    CriterionIndexPage,
    LabelIndexPage,
    PracticeExampleIndexPage,
    ProductGroupIndexPage,
    StateIndexPage,
)
from beschaffungsallianz.knowledge.models.practice import (
    TED_NUMBER,
    FacetIndexVersion,
    PracticeCriterion,
    PracticeDocument,
    PracticeExample,
)
from beschaffungsallianz.knowledge.models.reference import (
    LABEL_PROOF_LEGAL_BASIS,
    STAGE_LEGAL_BASIS,
    Criterion,
    CriterionKind,
    Focus,
    Label,
    ProductGroup,
    StateLaw,
    StateLawTopic,
    TenderStage,
    Verification,
    index_page_url,
    source_links,
)

__all__ = [
    "Criterion",
    "CriterionIndexPage",
    "CriterionKind",
    "FacetIndexVersion",
    "Focus",
    "LABEL_PROOF_LEGAL_BASIS",
    "Label",
    "LabelIndexPage",
    "PracticeCriterion",
    "PracticeDocument",
    "PracticeExample",
    "PracticeExampleIndexPage",
    "ProductGroup",
    "ProductGroupIndexPage",
    "STAGE_LEGAL_BASIS",
    "StateIndexPage",
    "StateLaw",
    "StateLawTopic",
    "TED_NUMBER",
    "TenderStage",
    "Verification",
    "index_page_url",
    "source_links",
]
