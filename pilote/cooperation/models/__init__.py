from pilote.cooperation.models.proposals import Answer, Invitation, Proposal, Reuse
from pilote.cooperation.models.review import (
    PairVerdict,
    PriorReview,
    ReviewDecision,
    ReviewThreshold,
    SimilarPair,
)
from pilote.cooperation.models.sheets import (
    BudgetBand,
    CooperationSheet,
    Need,
    NeedEcho,
    NeedStatus,
)

__all__ = [
    "Answer",
    "BudgetBand",
    "CooperationSheet",
    "Invitation",
    "Need",
    "NeedEcho",
    "NeedStatus",
    "PairVerdict",
    "PriorReview",
    "Proposal",
    "ReviewDecision",
    "ReviewThreshold",
    "Reuse",
    "SimilarPair",
]
