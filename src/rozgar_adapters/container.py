"""The composition root: every adapter and use case, built lazily from settings."""
from __future__ import annotations

from dependency_injector import containers, providers

from rozgar_adapters import wiring
from rozgar_adapters.images.pillow_processor import PillowImageProcessor
from rozgar_adapters.memory.realtime import MemoryRealtimePublisher
from rozgar_adapters.settings import Settings
from rozgar_adapters.sql.uow import sql_uow_factory
from rozgar_adapters.system import CryptoSecrets, SystemClock
from rozgar_adapters.tasks import BackgroundTaskRunner, ImmediateTaskRunner
from rozgar_core.use_cases import profiles, search
from rozgar_core.use_cases.search_history import SearchHistoryRecorder
from rozgar_core.use_cases.activity import contacts, notifications, reports, reviews
from rozgar_core.use_cases.activity.notifier import Notifier
from rozgar_core.use_cases.admin import admins, analytics
from rozgar_core.use_cases.admin import reports as admin_reports
from rozgar_core.use_cases.admin import settings as admin_settings
from rozgar_core.use_cases.admin import users as admin_users
from rozgar_core.use_cases.admin.common import Auditor, RequireAdmin
from rozgar_core.use_cases.auth import (
    Authenticate,
    Logout,
    RefreshSession,
    SendOtp,
    SessionIssuer,
    VerifyOtp,
)

HISTORY_BATCH_WINDOW_SECONDS = 0.25
"""Searches made within this long of each other are written to the history in one transaction."""


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    secrets = providers.Singleton(CryptoSecrets)
    engine = providers.Singleton(wiring.build_engine, settings)
    uow_factory = providers.Singleton(sql_uow_factory, engine)
    redis_client = providers.Singleton(wiring.build_redis_client, settings)
    rate_limiter = providers.Singleton(wiring.build_rate_limiter, settings, redis_client)
    denylist = providers.Singleton(wiring.build_denylist, settings, redis_client, clock)
    request_gate = providers.Singleton(wiring.build_request_gate, rate_limiter, denylist)
    sms_sender = providers.Singleton(wiring.build_sms_sender, settings)
    token_codec = providers.Singleton(wiring.build_token_codec, settings)
    auth_policy = providers.Singleton(wiring.build_auth_policy, settings)
    readiness_checks = providers.Singleton(wiring.build_readiness_checks, engine, redis_client)
    geocoder = providers.Singleton(wiring.build_geocoder, settings)
    file_storage = providers.Singleton(wiring.build_file_storage, settings)
    image_processor = providers.Singleton(PillowImageProcessor)
    cache = providers.Singleton(wiring.build_cache, settings, redis_client, clock)
    labour_search = providers.Singleton(wiring.build_labour_search, engine)
    task_runner = providers.Singleton(BackgroundTaskRunner)
    email_sender = providers.Singleton(wiring.build_email_sender, settings)
    realtime = providers.Singleton(MemoryRealtimePublisher)
    notifier = providers.Factory(
        Notifier, sms_sender, email_sender, task_runner, secrets, clock, realtime, uow_factory
    )

    sessions = providers.Factory(SessionIssuer, token_codec, secrets, auth_policy)
    authenticate = providers.Factory(Authenticate, token_codec, denylist, clock)
    send_otp = providers.Factory(SendOtp, uow_factory, sms_sender, rate_limiter, clock, secrets, auth_policy)
    verify_otp = providers.Factory(VerifyOtp, uow_factory, sessions, rate_limiter, clock, secrets, auth_policy)
    refresh_session = providers.Factory(RefreshSession, uow_factory, sessions, clock)
    logout = providers.Factory(Logout, uow_factory, denylist, clock, auth_policy, realtime)

    get_own_profile = providers.Factory(profiles.GetOwnProfile, uow_factory)
    complete_profile = providers.Factory(profiles.CompleteProfile, uow_factory, geocoder, clock, cache)
    update_profile = providers.Factory(profiles.UpdateProfile, uow_factory, geocoder, clock, cache)
    set_availability = providers.Factory(profiles.SetAvailability, uow_factory, clock, cache)
    upload_picture = providers.Factory(
        profiles.UploadProfilePicture, uow_factory, file_storage, image_processor, secrets, clock, cache
    )
    delete_account = providers.Factory(
        profiles.DeleteAccount, uow_factory, file_storage, denylist, clock, auth_policy, cache, realtime
    )
    get_settings = providers.Factory(profiles.GetSettings, uow_factory)
    update_settings = providers.Factory(profiles.UpdateSettings, uow_factory, clock)
    get_labour_profile = providers.Factory(profiles.GetLabourProfile, uow_factory, cache)

    search_history_recorder = providers.Singleton(
        SearchHistoryRecorder, uow_factory, task_runner, clock, batch_window_seconds=HISTORY_BATCH_WINDOW_SECONDS
    )
    search_labours = providers.Factory(search.SearchLabours, labour_search, cache, search_history_recorder)
    nearby_labours = providers.Factory(search.NearbyLabours, search_labours)
    view_labour = providers.Factory(
        search.ViewLabour, get_labour_profile, uow_factory, task_runner, clock, notifier
    )

    submit_review = providers.Factory(reviews.SubmitReview, uow_factory, notifier, clock, secrets, cache)
    update_review = providers.Factory(reviews.UpdateReview, uow_factory, notifier, clock, secrets, cache)
    delete_review = providers.Factory(reviews.DeleteReview, uow_factory, notifier, clock, secrets, cache)
    list_reviews = providers.Factory(reviews.ListReviews, uow_factory)
    record_contact = providers.Factory(contacts.RecordContact, uow_factory, notifier, clock, secrets)
    contact_history = providers.Factory(contacts.ContactHistory, uow_factory)
    list_notifications = providers.Factory(notifications.ListNotifications, uow_factory)
    mark_notification_read = providers.Factory(notifications.MarkNotificationRead, uow_factory, realtime)
    mark_all_notifications_read = providers.Factory(
        notifications.MarkAllNotificationsRead, uow_factory, realtime
    )
    file_report = providers.Factory(reports.FileReport, uow_factory, clock, secrets, cache)

    auditor = providers.Factory(Auditor, clock, secrets)
    require_admin = providers.Factory(RequireAdmin, uow_factory)
    grant_admin = providers.Factory(admins.GrantAdmin, uow_factory, clock, secrets)
    revoke_admin = providers.Factory(admins.RevokeAdmin, uow_factory, clock)
    admin_list_users = providers.Factory(admin_users.ListUsers, uow_factory)
    verify_user = providers.Factory(admin_users.VerifyUser, uow_factory, notifier, auditor, clock, cache)
    set_user_status = providers.Factory(
        admin_users.SetUserStatus, uow_factory, denylist, auditor, clock, auth_policy, cache, realtime
    )
    admin_list_reports = providers.Factory(admin_reports.ListReports, uow_factory)
    decide_report = providers.Factory(admin_reports.DecideReport, uow_factory, notifier, auditor, clock, cache)
    list_app_settings = providers.Factory(admin_settings.ListAppSettings, uow_factory)
    update_app_setting = providers.Factory(admin_settings.UpdateAppSetting, uow_factory, auditor, clock)
    list_audit_log = providers.Factory(admin_settings.ListAuditLog, uow_factory)
    profile_view_stats = providers.Factory(analytics.GetProfileViewStats, uow_factory, clock)
    search_trends = providers.Factory(analytics.GetSearchTrends, uow_factory, cache, clock)



def build_container(settings: Settings | None = None) -> Container:
    """The production container: SQL database, Redis when configured, the configured providers."""
    container = Container(settings=settings or Settings.from_env())
    return container


def build_memory_container(settings: Settings | None = None) -> Container:
    """Every port on its in-memory adapter: no database, no Redis, no network."""
    from rozgar_adapters.geo.memory import MemoryGeocoder
    from rozgar_adapters.memory.cache import MemoryCache
    from rozgar_adapters.memory.denylist import MemoryTokenDenylist
    from rozgar_adapters.memory.email import MemoryEmailSender
    from rozgar_adapters.memory.rate_limiter import MemoryRateLimiter
    from rozgar_adapters.memory.search import MemoryLabourSearch
    from rozgar_adapters.memory.sms import MemorySmsSender
    from rozgar_adapters.memory.store import MemoryStore
    from rozgar_adapters.memory.uow import memory_uow_factory
    from rozgar_adapters.storage.memory import MemoryFileStorage

    container = build_container(settings or Settings(jwt_secret="m" * 32, otp_pepper="p" * 32))
    store = providers.Singleton(MemoryStore)
    container.uow_factory.override(providers.Singleton(memory_uow_factory, store))
    container.labour_search.override(providers.Singleton(MemoryLabourSearch, store))
    container.task_runner.override(providers.Singleton(ImmediateTaskRunner))
    container.email_sender.override(providers.Singleton(MemoryEmailSender))
    container.redis_client.override(providers.Object(None))
    container.rate_limiter.override(providers.Singleton(MemoryRateLimiter))
    container.denylist.override(providers.Singleton(MemoryTokenDenylist, container.clock))
    container.sms_sender.override(providers.Singleton(MemorySmsSender))
    container.readiness_checks.override(providers.Object({}))
    container.geocoder.override(providers.Singleton(MemoryGeocoder))
    container.file_storage.override(providers.Singleton(MemoryFileStorage, container.settings.provided.public_base_url))
    container.cache.override(providers.Singleton(MemoryCache, container.clock))
    return container
