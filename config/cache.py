"""Django's database cache with a `set_many` that writes all its entries in one statement.

Django's DatabaseCache.set_many stores entry by entry, with a count, a select and an insert each,
so a page that stores a few hundred charts at once would run a thousand queries. This one counts
once, culls as Django does, and upserts every entry with one `executemany`
(`INSERT … ON CONFLICT (cache_key) DO UPDATE`, which PostgreSQL and SQLite both understand); the
values are encoded exactly as DatabaseCache encodes them, so its `get`/`get_many` read them."""

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class BulkDatabaseCache(DatabaseCache):
    def set_many(self, data, timeout=None, version=None):
        if not data:
            return []
        timeout = self.get_backend_timeout(self.default_timeout if timeout is None else timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        rows = [
            (
                self.make_and_validate_key(key, version=version),
                base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"),
                expires,
            )
            for key, value in data.items()
        ]
        key_column, value_column, expires_column = (quote_name(c) for c in ("cache_key", "value", "expires"))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            count = cursor.fetchone()[0]
            if count + len(rows) > self._max_entries:
                self._cull(db, cursor, tz_now().replace(microsecond=0), count)
            cursor.executemany(
                f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES (%s, %s, %s) "
                f"ON CONFLICT ({key_column}) DO UPDATE SET {value_column} = EXCLUDED.{value_column}, "
                f"{expires_column} = EXCLUDED.{expires_column}",
                rows,
            )
        return []
