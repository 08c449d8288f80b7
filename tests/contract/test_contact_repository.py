"""The ContactRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from activity_support import NOW, NewUser, moments, user_factory

from rozgar_core.errors import Conflict
from rozgar_core.model import Phone, User
from rozgar_core.model.activity import Contact, UserSummary
from rozgar_core.ports import UnitOfWorkFactory


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> NewUser:
    return user_factory(uow_factory, new_phone)


def _contact(sender: User, recipient: User, at: datetime = NOW, type: str = "call") -> Contact:
    return Contact(str(uuid.uuid4()), sender.id, recipient.id, type, at)


def _add(uow_factory: UnitOfWorkFactory, *contacts: Contact) -> None:
    with uow_factory() as uow:
        for contact in contacts:
            uow.contacts.add(contact)
        uow.commit()


def _summary(user: User) -> UserSummary:
    return UserSummary(user.id, user.name, user.profile_picture_url, user.phone.e164)


def test_history_lists_both_directions_newest_first_with_both_summaries(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    me, labour, caller = new_user("Meera", "https://cdn/m.webp"), new_user("Raju"), new_user(name=None)
    stranger = new_user()
    at = moments(3)
    tied = sorted([_contact(me, labour, at[2], "message"), _contact(caller, me, at[2])], key=lambda c: c.id)
    sent, received = _contact(me, labour, at[0]), _contact(caller, me, at[1], "message")
    _add(uow_factory, sent, received, *tied, _contact(stranger, labour, at[2]))

    with uow_factory() as uow:
        both, total = uow.contacts.list_for(me.id, None, 0, 20)
        only_sent = uow.contacts.list_for(me.id, "sent", 0, 20)
        only_received = uow.contacts.list_for(me.id, "received", 0, 20)
        paged = uow.contacts.list_for(me.id, None, 1, 2)

    assert [c.id for c in both] == [tied[1].id, tied[0].id, received.id, sent.id] and total == 4
    [mine_tied] = [c for c in tied if c.from_user_id == me.id]
    [theirs_tied] = [c for c in tied if c.to_user_id == me.id]
    assert [c.id for c in only_sent[0]] == [mine_tied.id, sent.id]
    assert [c.id for c in only_received[0]] == [theirs_tied.id, received.id]
    assert only_sent[1] == 2 and only_received[1] == 2
    assert ([c.id for c in paged[0]], paged[1]) == ([tied[0].id, received.id], 4)
    assert both[3] == replace(sent, from_user=_summary(me), to_user=_summary(labour))
    assert both[2].from_user == UserSummary(caller.id, None, None, caller.phone.e164)
    assert both[2].type == "message"


def test_summaries_show_the_users_as_they_are_now(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me, labour = new_user("Meera"), new_user("Raju")
    _add(uow_factory, _contact(me, labour))
    with uow_factory() as uow:
        uow.users.set_picture(labour.id, "https://cdn/new.webp", "new.webp", NOW)
        uow.commit()

    with uow_factory() as uow:
        [contact], _ = uow.contacts.list_for(me.id, "sent", 0, 20)

    assert contact.to_user == UserSummary(labour.id, "Raju", "https://cdn/new.webp", labour.phone.e164)


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_unknown_users_have_no_contacts(uow_factory: UnitOfWorkFactory, new_user: NewUser, user_id: str) -> None:
    _add(uow_factory, _contact(new_user(), new_user()))

    with uow_factory() as uow:
        assert uow.contacts.list_for(user_id, None, 0, 20) == ([], 0)
        assert uow.contacts.list_for(user_id, "sent", 0, 20) == ([], 0)
        assert uow.contacts.count_sent_since(user_id, NOW - timedelta(days=1)) == 0
        assert uow.contacts.exists_between(user_id, user_id) is False


def test_count_sent_since_counts_what_the_user_sent_from_that_moment(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    me, a, b = new_user(), new_user(), new_user()
    day_ago = NOW - timedelta(days=1)
    _add(
        uow_factory,
        _contact(me, a, day_ago - timedelta(microseconds=1)),
        _contact(me, a, day_ago),
        _contact(me, b, NOW, "message"),
        _contact(me, b, NOW),
        _contact(a, me, NOW),
    )

    with uow_factory() as uow:
        assert uow.contacts.count_sent_since(me.id, day_ago) == 3
        assert uow.contacts.count_sent_since(me.id, NOW) == 2
        assert uow.contacts.count_sent_since(me.id, NOW + timedelta(microseconds=1)) == 0
        assert uow.contacts.count_sent_since(a.id, day_ago) == 1


def test_exists_between_is_directional(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me, labour, other = new_user(), new_user(), new_user()
    _add(uow_factory, _contact(me, labour))

    with uow_factory() as uow:
        assert uow.contacts.exists_between(me.id, labour.id) is True
        assert uow.contacts.exists_between(labour.id, me.id) is False
        assert uow.contacts.exists_between(me.id, other.id) is False


def test_an_uncommitted_contact_is_not_kept(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    me, labour = new_user(), new_user()
    with uow_factory() as uow:
        uow.contacts.add(_contact(me, labour))
        assert uow.contacts.count_sent_since(me.id, NOW) == 1

    with uow_factory() as uow:
        assert uow.contacts.list_for(me.id, None, 0, 20) == ([], 0)
        assert uow.contacts.exists_between(me.id, labour.id) is False


@pytest.mark.parametrize("broken", ["missing sender", "missing recipient", "type", "same id"])
def test_contacts_breaking_a_constraint_are_conflicts(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, broken: str
) -> None:
    me, labour = new_user(), new_user()
    existing = _contact(me, labour)
    _add(uow_factory, existing)
    contact = _contact(me, labour)
    contact = {
        "missing sender": replace(contact, from_user_id=str(uuid.uuid4())),
        "missing recipient": replace(contact, to_user_id=str(uuid.uuid4())),
        "type": replace(contact, type="email"),
        "same id": replace(contact, id=existing.id),
    }[broken]

    with uow_factory() as uow, pytest.raises(Conflict):
        uow.contacts.add(contact)
