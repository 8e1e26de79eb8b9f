// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* Camera events (motion, digital inputs) in the "events" table. The table
 * has a type and a free-form data column: the phase (start, end, instant)
 * and the source (an input port) go into data as a JSON object, read back
 * with SQLite's JSON functions, so that the schema stays as it is. */

#define EVENT_COLUMNS                                                                              \
  "id, camera_id, time_us, type, json_extract (data, '$.source'), json_extract (data, '$.phase') "

static const char *const phase_names[] = {
  [SL_EVENT_INSTANT] = "instant",
  [SL_EVENT_START] = "start",
  [SL_EVENT_END] = "end",
};

const char *
sl_event_phase_to_string (SlEventPhase phase)
{
  if ((guint)phase >= G_N_ELEMENTS (phase_names))
    return NULL;
  return phase_names[phase];
}

gboolean
sl_event_phase_from_string (const char *text, SlEventPhase *phase)
{
  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    {
      if (g_strcmp0 (text, phase_names[i]) == 0)
        {
          *phase = i;
          return TRUE;
        }
    }
  return FALSE;
}

char *
sl_event_describe (const SlEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  if (g_strcmp0 (event->type, SL_EVENT_TYPE_MOTION) == 0)
    {
      switch (event->phase)
        {
          case SL_EVENT_START:
            return g_strdup (_ ("Motion started"));
          case SL_EVENT_END:
            return g_strdup (_ ("Motion ended"));
          default:
            return g_strdup (_ ("Motion"));
        }
    }
  if (g_strcmp0 (event->type, SL_EVENT_TYPE_INPUT) == 0)
    {
      const char *port = event->source ? event->source : "?";

      switch (event->phase)
        {
          case SL_EVENT_START:
            /* Translators: %s is the number of a digital input, "1" */
            return g_strdup_printf (_ ("Input %s active"), port);
          case SL_EVENT_END:
            return g_strdup_printf (_ ("Input %s inactive"), port);
          default:
            return g_strdup_printf (_ ("Input %s"), port);
        }
    }
  return g_strdup (event->type);
}

SlEvent *
sl_event_copy (const SlEvent *event)
{
  SlEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->type = g_strdup (event->type);
  copy->source = g_strdup (event->source);
  return copy;
}

void
sl_event_free (SlEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->source);
  g_free (event);
}

static SlEvent *
event_from_row (sqlite3_stmt *stmt)
{
  SlEvent *event = g_new0 (SlEvent, 1);

  event->id = sqlite3_column_int64 (stmt, 0);
  event->camera_id = sqlite3_column_int64 (stmt, 1);
  event->time_us = sqlite3_column_int64 (stmt, 2);
  event->type = sl_catalog_column_dup (stmt, 3);
  event->source = sl_catalog_column_dup (stmt, 4);
  if (!sl_event_phase_from_string ((const char *)sqlite3_column_text (stmt, 5), &event->phase))
    event->phase = SL_EVENT_INSTANT;
  return event;
}

/* ---- Add ------------------------------------------------------------------- */

static gboolean
add_event_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const SlEvent *event = data;
  const char *what = _ ("Cannot add the camera event to the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (event->camera_id <= 0 || event->type == NULL || event->type[0] == '\0' ||
      sl_event_phase_to_string (event->phase) == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
                           _ ("A camera event needs a camera, a type and a known phase."));
      return FALSE;
    }
  /* json_object() leaves out nothing: a NULL source is stored as null. */
  stmt = sl_catalog_prepare (db,
                             "INSERT INTO events (camera_id, time_us, type, data) "
                             "VALUES (?1, ?2, ?3, json_object ('phase', ?4, 'source', ?5))",
                             what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event->camera_id);
  sqlite3_bind_int64 (stmt, 2, event->time_us);
  sqlite3_bind_text (stmt, 3, event->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, sl_event_phase_to_string (event->phase), -1, SQLITE_STATIC);
  if (event->source != NULL)
    sqlite3_bind_text (stmt, 5, event->source, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  return sl_catalog_step_insert (db, stmt, what, NULL, &value->number, error);
}

/**
 * sl_catalog_add_event:
 * @event: the event; its id is ignored
 *
 * Returns: the id of the event row, or 0 on error
 */
SL_CATALOG_DEFINE_POINTER_OPERATION (
    gint64, int64, add_event, SlEvent, event, sl_event_copy, sl_event_free)

/* ---- List ------------------------------------------------------------------ */

typedef struct
{
  gint64 camera_id;
  gint64 from_us;
  gint64 to_us;
  guint limit;
  gboolean forward;
} EventRangeArgs;

static EventRangeArgs *
event_range_args_new (gint64 camera_id, gint64 from_us, gint64 to_us, guint limit)
{
  EventRangeArgs *args = g_new0 (EventRangeArgs, 1);

  args->camera_id = camera_id;
  args->from_us = from_us;
  args->to_us = to_us;
  args->limit = limit;
  return args;
}

static gboolean
list_events_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const EventRangeArgs *args = data;
  const char *what = _ ("Cannot read the camera events from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* One statement per case, so that one camera walks events_time. */
  if (args->camera_id != 0)
    stmt = sl_catalog_prepare (db,
                               "SELECT " EVENT_COLUMNS "FROM events WHERE camera_id = ?1 "
                               "AND time_us >= ?2 AND time_us < ?3 ORDER BY time_us, id LIMIT ?4",
                               what, error);
  else
    stmt = sl_catalog_prepare (db,
                               "SELECT " EVENT_COLUMNS "FROM events WHERE time_us >= ?2 "
                               "AND time_us < ?3 ORDER BY time_us, id LIMIT ?4",
                               what, error);
  if (stmt == NULL)
    return FALSE;
  if (args->camera_id != 0)
    sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_int64 (stmt, 2, args->from_us);
  sqlite3_bind_int64 (stmt, 3, args->to_us);
  sqlite3_bind_int64 (stmt, 4, args->limit == 0 ? -1 : (gint64)args->limit);
  return sl_catalog_value_take_rows (
      value, sl_catalog_read_rows (db, stmt, (SlCatalogRowFunc)event_from_row,
                                   (GDestroyNotify)sl_event_free, what, error));
}

/**
 * sl_catalog_list_events:
 * @camera_id: one camera, or 0 for all
 * @from_us: the earliest time (included)
 * @to_us: the latest time (excluded)
 * @limit: the most events to return, 0 for all
 *
 * Returns: (transfer container) (element-type SlEvent): the events, oldest
 *   first
 */
SL_CATALOG_DEFINE_OPERATION (GPtrArray *,
                             pointer,
                             list_events,
                             (gint64 camera_id, gint64 from_us, gint64 to_us, guint limit),
                             self,
                             event_range_args_new (camera_id, from_us, to_us, limit),
                             g_free)

static EventRangeArgs *
adjacent_args_new (gint64 camera_id, gint64 time_us, gboolean forward)
{
  EventRangeArgs *args = event_range_args_new (camera_id, time_us, time_us, 1);

  args->forward = forward;
  return args;
}

static gboolean
find_adjacent_event_job (sqlite3 *db, gconstpointer data, SlCatalogValue *value, GError **error)
{
  const EventRangeArgs *args = data;
  const char *what = _ ("Cannot read the camera events from the catalog");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (args->forward)
    stmt = sl_catalog_prepare (db,
                               "SELECT " EVENT_COLUMNS "FROM events WHERE camera_id = ?1 "
                               "AND time_us > ?2 AND json_extract (data, '$.phase') IS NOT 'end' "
                               "ORDER BY time_us, id LIMIT 1",
                               what, error);
  else
    stmt = sl_catalog_prepare (db,
                               "SELECT " EVENT_COLUMNS "FROM events WHERE camera_id = ?1 "
                               "AND time_us < ?2 AND json_extract (data, '$.phase') IS NOT 'end' "
                               "ORDER BY time_us DESC, id DESC LIMIT 1",
                               what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->camera_id);
  sqlite3_bind_int64 (stmt, 2, args->from_us);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_NOT_FOUND,
                           args->forward ? _ ("There is no later event for this camera.")
                                         : _ ("There is no earlier event for this camera."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sl_catalog_set_error (db, what, error);
      return FALSE;
    }
  value->pointer = event_from_row (stmt);
  value->pointer_free = (GDestroyNotify)sl_event_free;
  return TRUE;
}

/**
 * sl_catalog_find_adjacent_event:
 * @camera_id: the camera
 * @time_us: the time to look from (excluded)
 * @forward: %TRUE for the next event, %FALSE for the previous one
 *
 * Ends of stateful events ("motion ended") are skipped: going to an event
 * goes to where something started.
 *
 * Returns: (transfer full): the event, or %NULL with %SL_ERROR_NOT_FOUND
 */
SL_CATALOG_DEFINE_OPERATION (SlEvent *,
                             pointer,
                             find_adjacent_event,
                             (gint64 camera_id, gint64 time_us, gboolean forward),
                             self,
                             adjacent_args_new (camera_id, time_us, forward),
                             g_free)
