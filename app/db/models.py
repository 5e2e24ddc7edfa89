"""SQLAlchemy models: the tables as the app sees them today.

Migrations in ``migrations/versions`` are frozen snapshots and must not import this
module's classes; a test compares these models against the migrated schema.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from app.db.times import from_utc_text, to_utc_text

# Named constraints let future batch migrations on SQLite refer to them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as ISO UTC text ("2024-05-01T06:30:00.000000+00:00").

    Naive datetimes are refused rather than guessed at: a local time stored as UTC
    would silently shift every session by the user's offset.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_utc_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else from_utc_text(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SessionRow(Base):
    """One run of a routine; ``plan_json`` is the plan exactly as it was played."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    plan_json: Mapped[str] = mapped_column(Text)

    sets: Mapped[list[SetRecordRow]] = relationship(
        back_populates="session",
        order_by="SetRecordRow.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class SetRecordRow(Base):
    """One finished or skipped set, written the moment it ends."""

    __tablename__ = "set_records"
    __table_args__ = (
        Index("ix_set_records_session_id", "session_id"),
        Index("ix_set_records_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str] = mapped_column(String(100))
    side: Mapped[str] = mapped_column(String(10))
    set_index: Mapped[int] = mapped_column(Integer)
    planned_seconds: Mapped[float] = mapped_column(Float)
    done_seconds: Mapped[float] = mapped_column(Float)
    planned_reps: Mapped[int | None] = mapped_column(Integer)
    done_reps: Mapped[int | None] = mapped_column(Integer)
    skipped: Mapped[bool] = mapped_column(Boolean)
    pain: Mapped[bool] = mapped_column(Boolean)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[SessionRow] = relationship(back_populates="sets")


class SessionWorkRow(Base):
    """One session's sets summed: seconds of work and sets done (not skipped).

    Written only by triggers on set_records (migration 0004), never by the app, so History
    reads ten years of practice without summing ~100k sets.
    """

    __tablename__ = "session_work"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    seconds: Mapped[float] = mapped_column(Float)
    sets_done: Mapped[int] = mapped_column(Integer)


class SettingRow(Base):
    """A user preference, stored as JSON so callers can keep plain Python values."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class CheckRecordRow(Base):
    """One sitting of one range-of-motion check; ``deleted_at`` set means deleted (undoable)."""

    __tablename__ = "check_records"
    __table_args__ = (
        Index("ix_check_records_check_slug", "check_slug"),
        Index("ix_check_records_taken_at", "taken_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_slug: Mapped[str] = mapped_column(String(100))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    trials: Mapped[list[CheckTrialRow]] = relationship(
        back_populates="record",
        order_by="[CheckTrialRow.side, CheckTrialRow.number]",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CheckTrialRow(Base):
    """One reading of one side of a check record; at most one per (record, side, number)."""

    __tablename__ = "check_trials"
    __table_args__ = (
        UniqueConstraint("record_id", "side", "number"),
        CheckConstraint("side IN ('left', 'right')", name="side"),
        CheckConstraint("number BETWEEN 1 AND 3", name="number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("check_records.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))
    number: Mapped[int] = mapped_column(Integer)
    degrees: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    measured_by: Mapped[str] = mapped_column(String(20))
    pain: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    photo: Mapped[str | None] = mapped_column(String(255))

    record: Mapped[CheckRecordRow] = relationship(back_populates="trials")


class CheckInRow(Base):
    """How a session went, in the person's words; at most one per session."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("session_id"),
        CheckConstraint("effort IN ('too_easy', 'about_right', 'too_hard')", name="effort"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    effort: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text)
    exercise_effort_json: Mapped[str] = mapped_column(Text)  # {"slug": "too_hard", ...}


class ExerciseChoiceRow(Base):
    """The person's own change to one exercise, saved for always."""

    __tablename__ = "exercise_choices"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    dropped: Mapped[bool] = mapped_column(Boolean)
    dose_json: Mapped[str] = mapped_column(Text)  # {"seconds": 75, ...}
    swap_for: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
