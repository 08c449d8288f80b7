"""/reviews: rate a labour, read a labour's reviews, edit or delete your own."""
from __future__ import annotations

from typing import Any

from flask.views import MethodView

from rozgar_core.model.pagination import PageRequest
from rozgar_core.use_cases.activity.reviews import (
    SubmitReviewCommand,
    UpdateReviewCommand,
)
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.activity import (
    PageQuery,
    ReviewListResponse,
    ReviewRequest,
    ReviewResponse,
    ReviewUpdateRequest,
    pagination,
)
from rozgar_web.schemas.common import MessageSchema

blp = Blueprint("reviews", __name__, url_prefix="/api/v1/reviews", description="Reviews and ratings")


@blp.route("", methods=["POST"])
@auth_required
@blp.arguments(ReviewRequest())
@blp.response(201, ReviewResponse)
@blp.errors(401, 403, 404, 409, 503)
@blp.doc(security=BEARER_AUTH)
def submit_review(body: dict[str, Any]) -> dict[str, Any]:
    """Review a labour you have contacted (409 REVIEW_EXISTS: edit your review with PUT instead)."""
    command = SubmitReviewCommand(current_claims().user_id, body["labourId"], body["rating"], body.get("comment"))
    review = container().submit_review()(command)
    return {"success": True, "message": "Review added", "review": review}


@blp.route("/<string:review_id>")
class OwnReview(MethodView):
    decorators = [auth_required]

    @blp.arguments(PageQuery(), location="query")
    @blp.response(200, ReviewListResponse)
    @blp.errors(401, 404, 503)
    @blp.doc(security=BEARER_AUTH, summary="Reviews of a user (the path id is the user's id), newest first")
    def get(self, query: dict[str, Any], review_id: str) -> dict[str, Any]:
        """Reviews of a user, newest first, with their average rating and count."""
        page = PageRequest(query["page"], query["limit"])
        result = container().list_reviews()(review_id, page)
        return {
            "success": True,
            "reviews": result.reviews,
            "averageRating": result.average_rating,
            "totalReviews": result.total_reviews,
            "pagination": pagination(page.page, page.limit, result.total),
        }

    @blp.arguments(ReviewUpdateRequest())
    @blp.response(200, ReviewResponse)
    @blp.errors(401, 403, 404, 503)
    @blp.doc(security=BEARER_AUTH)
    def put(self, body: dict[str, Any], review_id: str) -> dict[str, Any]:
        """Change your review."""
        command = UpdateReviewCommand(current_claims().user_id, review_id, body["rating"], body.get("comment"))
        review = container().update_review()(command)
        return {"success": True, "message": "Review updated", "review": review}

    @blp.response(200, MessageSchema)
    @blp.errors(401, 403, 404, 503)
    @blp.doc(security=BEARER_AUTH)
    def delete(self, review_id: str) -> dict[str, Any]:
        """Delete your review."""
        container().delete_review()(review_id, current_claims().user_id)
        return {"success": True, "message": "Review deleted"}
