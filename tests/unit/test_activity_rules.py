"""The rules of reviews, contacts, notifications, reports and global settings, on in-memory adapters."""
from __future__ import annotations

import pytest
from activity_harness import ActivityWorld, FailingSender

from rozgar_core.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from rozgar_core.model.activity import (
    validate_comment,
    validate_contact_type,
    validate_rating,
    validate_report_reason,
)
from rozgar_core.model.app_settings import (
    CONTACTS_DAILY_CAP,
    REVIEWS_REQUIRE_CONTACT,
    definition_of,
)
from rozgar_core.use_cases.activity.common import bool_setting, int_setting
from rozgar_core.use_cases.activity.notifications import (
    MarkAllNotificationsRead,
    MarkNotificationRead,
)


@pytest.fixture
def world() -> ActivityWorld:
    return ActivityWorld()


def fields_of(error: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [e.field for e in error.value.errors]


@pytest.mark.parametrize("raw", [1, 3, 5, 4.0])
def test_whole_ratings_from_one_to_five_are_valid(raw: object) -> None:
    assert validate_rating(raw) == raw


@pytest.mark.parametrize("raw", [0, 6, 2.5, "4", True, None])
def test_other_ratings_are_invalid_on_rating(raw: object) -> None:
    with pytest.raises(InvalidInput) as error:
        validate_rating(raw)
    assert fields_of(error) == ["rating"]


@pytest.mark.parametrize("raw", [float("nan"), float("inf")])
def test_not_a_number_and_infinity_are_invalid_ratings(raw: float) -> None:
    with pytest.raises(InvalidInput):
        validate_rating(raw)


def test_a_comment_is_trimmed_blank_means_none_and_over_1000_is_invalid() -> None:
    assert validate_comment("  good work ") == "good work"
    assert validate_comment("   ") is None and validate_comment(None) is None
    assert validate_comment("x" * 1000) == "x" * 1000
    for bad in ("x" * 1001, 42):
        with pytest.raises(InvalidInput) as error:
            validate_comment(bad)
        assert fields_of(error) == ["comment"]


def test_contact_types_are_call_and_message_only() -> None:
    assert [validate_contact_type(t) for t in ("call", "message")] == ["call", "message"]
    with pytest.raises(InvalidInput) as error:
        validate_contact_type("visit")
    assert fields_of(error) == ["contactType"]


@pytest.mark.parametrize("reason", ["x" * 9, "  " + "x" * 9 + "  ", "x" * 1001, None])
def test_a_report_reason_must_hold_10_to_1000_characters_after_trimming(reason: object) -> None:
    with pytest.raises(InvalidInput) as error:
        validate_report_reason(reason)
    assert fields_of(error) == ["reason"]


def test_a_report_reason_is_trimmed() -> None:
    assert validate_report_reason("  " + "x" * 10 + " ") == "x" * 10


def test_settings_parse_values_of_their_type_from_json_or_stored_text() -> None:
    cap, contact_rule = definition_of("contacts.dailyCap"), definition_of("reviews.requireContact")
    assert (cap.parse(5), cap.parse("5")) == (5, 5)
    assert (contact_rule.parse(False), contact_rule.parse("true")) == (False, True)
    assert (cap.to_text(5), contact_rule.to_text(False)) == ("5", "false")
    for definition, bad in ((cap, "abc"), (cap, True), (cap, 0), (cap, "-3"), (contact_rule, 1), (contact_rule, "no")):
        with pytest.raises(InvalidInput) as error:
            definition.parse(bad)
        assert fields_of(error) == ["value"]


def test_an_unknown_setting_key_is_invalid_on_key() -> None:
    with pytest.raises(InvalidInput) as error:
        definition_of("contacts.weeklyCap")
    assert fields_of(error) == ["key"]


def test_an_unreadable_stored_setting_falls_back_to_its_default(world: ActivityWorld) -> None:
    world.set_app_setting("contacts.dailyCap", "lots")
    world.set_app_setting("reviews.requireContact", "maybe")
    with world.uow() as uow:
        assert int_setting(uow, CONTACTS_DAILY_CAP) == 100
        assert bool_setting(uow, REVIEWS_REQUIRE_CONTACT) is True


def test_a_review_updates_the_labours_rating_and_notifies_them(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer(name="Sunita")
    review = world.contact_and_review(employer.id, labour.id, 4)
    assert review.reviewer is not None and review.reviewer.name == "Sunita"
    assert world.rating(labour.id) == (4.0, 1)
    assert sorted(n.type for n in world.notifications(labour.id)) == ["contact", "review"]


def test_reviewing_yourself_is_invalid_and_stores_nothing(world: ActivityWorld) -> None:
    labour = world.new_labour()
    with pytest.raises(InvalidInput) as error:
        world.review(labour.id, labour.id)
    assert fields_of(error) == ["labourId"]
    assert world.rating(labour.id) == (0.0, 0)


def test_only_an_existing_active_complete_labour_may_be_reviewed(world: ActivityWorld) -> None:
    employer, other_employer, incomplete = world.new_employer(), world.new_employer(), world.new_user()
    world.set_app_setting("reviews.requireContact", "false")
    for target in ("no-such-id", other_employer.id, incomplete.id):
        with pytest.raises(NotFound):
            world.review(employer.id, target)


def test_a_review_needs_a_contact_from_the_reviewer_unless_the_setting_is_off(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer()
    with pytest.raises(Forbidden) as error:
        world.review(employer.id, labour.id)
    assert error.value.code == "CONTACT_REQUIRED"
    world.set_app_setting("reviews.requireContact", "false")
    assert world.review(employer.id, labour.id).rating == 5


def test_one_review_per_reviewer_and_labour(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer()
    world.contact_and_review(employer.id, labour.id, 5)
    with pytest.raises(Conflict) as error:
        world.review(employer.id, labour.id, 1)
    assert error.value.code == "REVIEW_EXISTS"
    assert world.rating(labour.id) == (5.0, 1)


def test_only_the_author_changes_or_deletes_a_review(world: ActivityWorld) -> None:
    labour, author, other = world.new_labour(), world.new_employer(), world.new_employer()
    review = world.contact_and_review(author.id, labour.id, 5)
    with pytest.raises(Forbidden):
        world.update_review(other.id, review.id, 1)
    with pytest.raises(Forbidden):
        world.delete_review(other.id, review.id)
    for missing in ("not-a-uuid", "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound):
            world.update_review(author.id, missing, 1)
    assert world.rating(labour.id) == (5.0, 1)


def test_the_rating_is_the_two_decimal_average_after_every_change(world: ActivityWorld) -> None:
    labour = world.new_labour()
    reviewers = [world.new_employer() for _ in range(3)]
    ratings = zip(reviewers, (5, 5, 4), strict=True)
    reviews = [world.contact_and_review(reviewer.id, labour.id, rating) for reviewer, rating in ratings]
    assert world.rating(labour.id) == (4.67, 3)
    world.update_review(reviewers[0].id, reviews[0].id, 1)
    assert world.rating(labour.id) == (3.33, 3)
    world.delete_review(reviewers[1].id, reviews[1].id)
    assert world.rating(labour.id) == (2.5, 2)
    world.delete_account(reviewers[2].id)
    assert world.rating(labour.id) == (1.0, 1)


def test_contacting_yourself_or_a_missing_or_suspended_user_fails(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer()
    with pytest.raises(InvalidInput):
        world.contact(labour.id, labour.id)
    with pytest.raises(NotFound):
        world.contact(employer.id, "00000000-0000-4000-8000-000000000000")
    with world.uow() as uow:
        uow.admin_users.set_active(labour.id, False, world.clock.now())
        uow.commit()
    with pytest.raises(NotFound):
        world.contact(employer.id, labour.id)


def test_the_daily_cap_counts_the_last_24_hours(world: ActivityWorld) -> None:
    world.set_app_setting("contacts.dailyCap", "2")
    labour, employer = world.new_labour(), world.new_employer()
    world.contact(employer.id, labour.id)
    world.clock.advance(hours=12)
    world.contact(employer.id, labour.id)
    with pytest.raises(RateLimited) as error:
        world.contact(employer.id, labour.id)
    assert error.value.code == "CONTACT_LIMIT"
    world.clock.advance(hours=12)  # the first contact is exactly 24 hours old: still counted
    with pytest.raises(RateLimited):
        world.contact(employer.id, labour.id)
    world.clock.advance(seconds=1)
    world.contact(employer.id, labour.id)


def test_contact_notifications_follow_the_interval_setting(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer()
    world.contact(employer.id, labour.id)
    world.clock.advance(minutes=30)
    world.contact(employer.id, labour.id)
    assert len(world.notifications(labour.id)) == 1
    world.set_app_setting("notifications.contactIntervalMinutes", "0")
    world.contact(employer.id, labour.id)
    assert len(world.notifications(labour.id)) == 2


def test_sms_goes_only_for_contacts_and_reviews_and_only_when_on(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer()
    world.contact_and_review(employer.id, labour.id)
    texts = world.texts_to(labour)
    assert len(texts) == 2 and all(text.startswith("Rozgar360") and len(text) <= 160 for text in texts)
    world.update_settings(labour.id, sms_notifications=False)
    world.contact(world.new_employer().id, labour.id)
    assert world.texts_to(labour) == texts


def test_email_goes_when_on_and_the_user_has_an_address(world: ActivityWorld) -> None:
    with_email, without_email = world.new_labour(email="a@example.in"), world.new_labour()
    for labour in (with_email, without_email):
        world.update_settings(labour.id, email_notifications=True)
        world.contact(world.new_employer().id, labour.id)
    assert world.emailed_addresses() == ["a@example.in"]


def test_failing_channels_never_fail_the_action_nor_lose_the_notification(world: ActivityWorld) -> None:
    sms, email = FailingSender(), FailingSender()
    world.sms, world.email = sms, email
    labour, employer = world.new_labour(email="a@example.in"), world.new_employer()
    world.update_settings(labour.id, email_notifications=True)
    world.contact_and_review(employer.id, labour.id)
    assert sorted(n.type for n in world.notifications(labour.id)) == ["contact", "review"]
    assert (sms.attempts, email.attempts) == (2, 2)


def test_a_notification_is_marked_read_only_by_its_owner(world: ActivityWorld) -> None:
    labour, employer = world.new_labour(), world.new_employer()
    world.contact(employer.id, labour.id)
    [notification] = world.notifications(labour.id)
    with pytest.raises(NotFound):
        MarkNotificationRead(world.uow, world.realtime)(employer.id, notification.id)
    MarkNotificationRead(world.uow, world.realtime)(labour.id, notification.id)
    assert world.notifications(labour.id)[0].is_read
    assert MarkAllNotificationsRead(world.uow, world.realtime)(labour.id) == 0


def test_reports_from_enough_distinct_reporters_hide_the_user(world: ActivityWorld) -> None:
    world.set_app_setting("reports.autoHideThreshold", "2")
    labour, first = world.new_labour(), world.new_employer()
    world.report(first.id, labour.id)
    with pytest.raises(Conflict):
        world.report(first.id, labour.id)  # a second pending report by the same reporter
    assert not world.is_hidden(labour.id)
    world.report(world.new_employer().id, labour.id)
    assert world.is_hidden(labour.id)


def test_reporting_yourself_or_a_missing_user_fails(world: ActivityWorld) -> None:
    labour = world.new_labour()
    with pytest.raises(InvalidInput):
        world.report(labour.id, labour.id)
    with pytest.raises(NotFound):
        world.report(labour.id, "00000000-0000-4000-8000-000000000000")
