// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "sl-catalog-private.h"
#include "sl-error.h"
#include "test-catalog-fixture.h"

/* Bookmarks (add, get, update, remove, search), the range a locked one
 * protects from retention, and camera events. */

static gint64
add_bookmark (SlCatalog *catalog,
              gint64 camera_id,
              gint64 start,
              gint64 end,
              const char *name,
              const char *description,
              gboolean locked)
{
  g_autoptr (GError) error = NULL;
  SlBookmark bookmark = {
    .camera_id = camera_id,
    .start_us = start,
    .end_us = end,
    .name = (char *)name,
    .description = (char *)description,
    .locked = locked,
  };
  gint64 id = sl_catalog_add_bookmark (catalog, &bookmark, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GPtrArray *
search (SlCatalog *catalog, const SlBookmarkQuery *query)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *found = sl_catalog_list_bookmarks (catalog, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static const char *
name_at (GPtrArray *bookmarks, guint i)
{
  return ((SlBookmark *)bookmarks->pdata[i])->name;
}

static void
test_bookmark_edit (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlBookmark) got = NULL;
  g_autoptr (SlBookmark) again = NULL;
  gint64 gate = add_camera (f->catalog, "Gate", 0);
  gint64 id = add_bookmark (f->catalog, gate, T0, T0 + MINUTE, "Van", NULL, FALSE);
  SlBookmark bad = { .camera_id = gate, .start_us = T0, .end_us = T0 - 1 };

  got = sl_catalog_get_bookmark (f->catalog, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->camera_id, ==, gate);
  g_assert_cmpint (got->end_us, ==, T0 + MINUTE);
  g_assert_cmpstr (got->name, ==, "Van");
  g_assert_cmpstr (got->description, ==, "");
  g_assert_false (got->locked);

  g_free (got->description);
  got->description = g_strdup ("White van at the gate");
  got->locked = TRUE;
  g_assert_true (sl_catalog_update_bookmark (f->catalog, got, &error));
  g_assert_no_error (error);
  again = sl_catalog_get_bookmark (f->catalog, id, &error);
  g_assert_cmpstr (again->description, ==, "White van at the gate");
  g_assert_true (again->locked);

  g_assert_cmpint (sl_catalog_add_bookmark (f->catalog, &bad, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (sl_catalog_remove_bookmark (f->catalog, id, &error));
  g_assert_no_error (error);
  g_assert_false (sl_catalog_remove_bookmark (f->catalog, id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sl_catalog_get_bookmark (f->catalog, id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sl_catalog_update_bookmark (f->catalog, again, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

static void
test_bookmark_search (Fixture *f, gconstpointer data)
{
  gint64 gate = add_camera (f->catalog, "Gate", 0);
  gint64 yard = add_camera (f->catalog, "Yard", 0);
  gint64 dock = add_camera (f->catalog, "Dock", 0);
  gint64 gate_and_dock[] = { gate, dock };
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) text = NULL;
  g_autoptr (GPtrArray) unicode = NULL;
  g_autoptr (GPtrArray) cameras = NULL;
  g_autoptr (GPtrArray) range = NULL;
  g_autoptr (GPtrArray) newest = NULL;

  add_bookmark (f->catalog, yard, T0 + 3 * HOUR, T0 + 3 * HOUR, "Delivery", "Parcel van", FALSE);
  add_bookmark (f->catalog, gate, T0 + HOUR, T0 + HOUR + MINUTE, "Van", "", TRUE);
  add_bookmark (f->catalog, dock, T0 + 2 * HOUR, T0 + 2 * HOUR, "Café visitor", "", FALSE);
  add_bookmark (f->catalog, gate, T0 + 4 * HOUR, T0 + 5 * HOUR, "Fence", "Someone climbing", FALSE);

  /* Everything, by start time. */
  all = search (f->catalog, NULL);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpstr (name_at (all, 0), ==, "Van");
  g_assert_cmpstr (name_at (all, 1), ==, "Café visitor");
  g_assert_cmpstr (name_at (all, 2), ==, "Delivery");
  g_assert_cmpstr (name_at (all, 3), ==, "Fence");

  /* Text in the name or the description, in any case. */
  text = search (f->catalog, &(SlBookmarkQuery){ .text = (char *)"VAN" });
  g_assert_cmpuint (text->len, ==, 2);
  g_assert_cmpstr (name_at (text, 0), ==, "Van");
  g_assert_cmpstr (name_at (text, 1), ==, "Delivery");
  unicode = search (f->catalog, &(SlBookmarkQuery){ .text = (char *)"CAFÉ" });
  g_assert_cmpuint (unicode->len, ==, 1);

  /* Cameras. */
  cameras =
      search (f->catalog, &(SlBookmarkQuery){ .camera_ids = gate_and_dock, .n_camera_ids = 2 });
  g_assert_cmpuint (cameras->len, ==, 3);
  g_assert_cmpstr (name_at (cameras, 1), ==, "Café visitor");

  /* A range keeps the bookmarks that overlap it: "Fence" runs into it. */
  range = search (f->catalog, &(SlBookmarkQuery){ .from_us = T0 + 2 * HOUR + MINUTE,
                                                  .to_us = T0 + 4 * HOUR + 1 });
  g_assert_cmpuint (range->len, ==, 2);
  g_assert_cmpstr (name_at (range, 0), ==, "Delivery");
  g_assert_cmpstr (name_at (range, 1), ==, "Fence");

  /* Newest first, with a limit, and a text that filters before the limit. */
  newest = search (f->catalog,
                   &(SlBookmarkQuery){ .newest_first = TRUE, .limit = 2, .text = (char *)"e" });
  g_assert_cmpuint (newest->len, ==, 2);
  g_assert_cmpstr (name_at (newest, 0), ==, "Fence");
  g_assert_cmpstr (name_at (newest, 1), ==, "Delivery");
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **found = user_data;
  g_autoptr (GError) error = NULL;

  *found = sl_catalog_list_bookmarks_finish (SL_CATALOG (source), result, &error);
  g_assert_no_error (error);
}

static void
test_bookmark_async (Fixture *f, gconstpointer data)
{
  gint64 gate = add_camera (f->catalog, "Gate", 0);
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *text = g_strdup ("van");
  SlBookmarkQuery query = { .camera_ids = &gate, .n_camera_ids = 1, .text = text };
  gint64 deadline = g_get_monotonic_time () + 5 * SECOND;

  add_bookmark (f->catalog, gate, T0, T0, "Van", "", FALSE);
  add_bookmark (f->catalog, gate, T0, T0, "Bus", "", FALSE);
  /* The query is copied: freeing the caller's text at once is allowed. */
  sl_catalog_list_bookmarks_async (f->catalog, &query, NULL, listed_cb, &found);
  g_clear_pointer (&text, g_free);
  while (found == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (name_at (found, 0), ==, "Van");
}

/* Retention may delete a segment only if it is entirely outside
 * [start - 150 s, end + 150 s] of every locked bookmark of its camera. */
static void
test_lock_margin (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GPtrArray) deletable = NULL;
  gint64 root = sl_catalog_add_storage_root (f->catalog, "/recordings", 0, 5, &error);
  gint64 gate = add_camera (f->catalog, "Gate", root);
  gint64 at = T0 + 10 * MINUTE;
  gint64 before_edge = add_segment (f->catalog, gate, "main", at - 3 * MINUTE, at - 150 * SECOND);
  gint64 inside_before =
      add_segment (f->catalog, gate, "main", at - 150 * SECOND, at - 150 * SECOND + 1);
  gint64 inside_after =
      add_segment (f->catalog, gate, "main", at + 150 * SECOND - 1, at + 3 * MINUTE);
  gint64 after_edge = add_segment (f->catalog, gate, "main", at + 150 * SECOND, at + 4 * MINUTE);
  gint64 unlocked_id =
      add_bookmark (f->catalog, gate, at - 3 * MINUTE, at - 3 * MINUTE, "Open", "", FALSE);

  g_assert_cmpint (unlocked_id, >, 0);
  add_bookmark (f->catalog, gate, at, at, "Evidence", "", TRUE);
  deletable = sl_catalog_list_deletable_segments (f->catalog, root, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deletable->len, ==, 2);
  g_assert_cmpint (((SlSegment *)deletable->pdata[0])->id, ==, before_edge);
  g_assert_cmpint (((SlSegment *)deletable->pdata[1])->id, ==, after_edge);
  g_assert_cmpint (inside_before, !=, inside_after);
}

static void
test_events (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (SlEvent) next = NULL;
  g_autoptr (SlEvent) previous = NULL;
  g_autofree char *described = NULL;
  gint64 gate = add_camera (f->catalog, "Gate", 0);
  gint64 yard = add_camera (f->catalog, "Yard", 0);
  SlEvent events[] = {
    { .camera_id = gate, .time_us = T0, .type = (char *)"motion", .phase = SL_EVENT_START },
    { .camera_id = gate,
      .time_us = T0 + 5 * SECOND,
      .type = (char *)"motion",
      .phase = SL_EVENT_END },
    { .camera_id = gate,
      .time_us = T0 + MINUTE,
      .type = (char *)"input",
      .source = (char *)"2",
      .phase = SL_EVENT_START },
    { .camera_id = yard,
      .time_us = T0 + 2 * SECOND,
      .type = (char *)"motion",
      .phase = SL_EVENT_INSTANT },
  };
  SlEvent bad = { .camera_id = gate, .time_us = T0, .type = NULL };

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_assert_cmpint (sl_catalog_add_event (f->catalog, &events[i], &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_cmpint (sl_catalog_add_event (f->catalog, &bad, &error), ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  listed = sl_catalog_list_events (f->catalog, gate, T0, T0 + HOUR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpint (((SlEvent *)listed->pdata[1])->phase, ==, SL_EVENT_END);
  g_assert_null (((SlEvent *)listed->pdata[1])->source);
  g_assert_cmpstr (((SlEvent *)listed->pdata[2])->type, ==, "input");
  g_assert_cmpstr (((SlEvent *)listed->pdata[2])->source, ==, "2");
  described = sl_event_describe (listed->pdata[2]);
  g_assert_cmpstr (described, ==, "Input 2 active");
  all = sl_catalog_list_events (f->catalog, 0, T0, T0 + HOUR, 2, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpint (((SlEvent *)all->pdata[1])->camera_id, ==, yard);

  /* Next skips the end of the motion; previous finds its start. */
  next = sl_catalog_find_adjacent_event (f->catalog, gate, T0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next->time_us, ==, T0 + MINUTE);
  previous = sl_catalog_find_adjacent_event (f->catalog, gate, T0 + MINUTE, FALSE, &error);
  g_assert_cmpint (previous->time_us, ==, T0);
  g_assert_null (sl_catalog_find_adjacent_event (f->catalog, gate, T0 + MINUTE, TRUE, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

void
test_catalog_add_bookmarks_tests (void)
{
  ADD ("/catalog/bookmarks/edit", test_bookmark_edit);
  ADD ("/catalog/bookmarks/search", test_bookmark_search);
  ADD ("/catalog/bookmarks/async", test_bookmark_async);
  ADD ("/catalog/bookmarks/lock-margin", test_lock_margin);
  ADD ("/catalog/events", test_events);
}
