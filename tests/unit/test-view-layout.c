// SPDX-License-Identifier: GPL-3.0-or-later

#include "config.h"

#include <string.h>

#include "sl-error.h"
#include "sl-sequence.h"
#include "sl-view-layout.h"
#include "test-catalog-fixture.h"

/* Split view layouts, sequences and the views in the catalog. */

typedef struct
{
  guint column, row, column_span, row_span;
} Rect;

static void
assert_frames (const SlViewLayout *layout, const Rect *rects, guint n)
{
  g_assert_cmpuint (sl_view_layout_get_n_frames (layout), >=, n);
  for (guint i = 0; i < n; i++)
    {
      const SlViewFrame *frame = sl_view_layout_get_frame (layout, i);

      g_assert_cmpuint (frame->column, ==, rects[i].column);
      g_assert_cmpuint (frame->row, ==, rects[i].row);
      g_assert_cmpuint (frame->column_span, ==, rects[i].column_span);
      g_assert_cmpuint (frame->row_span, ==, rects[i].row_span);
    }
}

/* Every cell of the grid is covered by exactly one frame. */
static void
assert_covers_grid (const SlViewLayout *layout)
{
  guint cells = 0;

  g_assert_true (sl_view_layout_validate (layout, NULL));
  for (guint i = 0; i < sl_view_layout_get_n_frames (layout); i++)
    {
      const SlViewFrame *frame = sl_view_layout_get_frame (layout, i);

      cells += frame->column_span * frame->row_span;
    }
  g_assert_cmpuint (cells, ==,
                    sl_view_layout_get_columns (layout) * sl_view_layout_get_rows (layout));
}

static void
test_templates (void)
{
  static const struct
  {
    const char *name;
    guint size;
    guint n_frames;
    Rect first; /* the large frame of the asymmetric ones */
  } templates[] = {
    { "1", 1, 1, { 0, 0, 1, 1 } },     { "2x2", 2, 4, { 0, 0, 1, 1 } },
    { "3x3", 3, 9, { 0, 0, 1, 1 } },   { "4x4", 4, 16, { 0, 0, 1, 1 } },
    { "5x5", 5, 25, { 0, 0, 1, 1 } },  { "6x6", 6, 36, { 0, 0, 1, 1 } },
    { "1+5", 3, 6, { 0, 0, 2, 2 } },   { "1+7", 4, 8, { 0, 0, 3, 3 } },
    { "1+12", 4, 13, { 0, 0, 1, 1 } }, { "2+8", 4, 10, { 0, 0, 2, 2 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      SlViewTemplate template;
      g_autoptr (SlViewLayout) layout = NULL;

      g_assert_true (sl_view_template_from_string (templates[i].name, &template));
      g_assert_cmpstr (sl_view_template_to_string (template), ==, templates[i].name);
      layout = sl_view_layout_new_from_template (template);
      g_assert_cmpuint (sl_view_layout_get_columns (layout), ==, templates[i].size);
      g_assert_cmpuint (sl_view_layout_get_rows (layout), ==, templates[i].size);
      g_assert_cmpuint (sl_view_layout_get_n_frames (layout), ==, templates[i].n_frames);
      assert_frames (layout, &templates[i].first, 1);
      assert_covers_grid (layout);
      g_assert_cmpint (sl_view_layout_get_hotspot (layout), ==, -1);
    }

  /* 1+12: the large frame in the middle, 2+8: the second large frame. */
  {
    g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_1_PLUS_12);
    int big = sl_view_layout_find_frame (layout, 2, 2);

    g_assert_cmpint (big, ==, sl_view_layout_find_frame (layout, 1, 1));
    g_assert_cmpuint (sl_view_layout_get_frame (layout, big)->column_span, ==, 2);
    g_assert_cmpuint (sl_view_layout_get_frame (layout, big)->row_span, ==, 2);
  }
  {
    g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_2_PLUS_8);
    const Rect first_two[] = { { 0, 0, 2, 2 }, { 2, 0, 2, 2 } };

    assert_frames (layout, first_two, 2);
  }

  g_assert_false (sl_view_template_from_string ("7x7", &(SlViewTemplate){ 0 }));
  g_assert_cmpint (sl_view_template_for_cameras (0), ==, SL_VIEW_TEMPLATE_1);
  g_assert_cmpint (sl_view_template_for_cameras (1), ==, SL_VIEW_TEMPLATE_1);
  g_assert_cmpint (sl_view_template_for_cameras (4), ==, SL_VIEW_TEMPLATE_2X2);
  g_assert_cmpint (sl_view_template_for_cameras (5), ==, SL_VIEW_TEMPLATE_3X3);
  g_assert_cmpint (sl_view_template_for_cameras (9), ==, SL_VIEW_TEMPLATE_3X3);
  g_assert_cmpint (sl_view_template_for_cameras (16), ==, SL_VIEW_TEMPLATE_4X4);
  g_assert_cmpint (sl_view_template_for_cameras (100), ==, SL_VIEW_TEMPLATE_6X6);
}

static void
test_spans (void)
{
  g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_3X3);
  g_autoptr (GError) error = NULL;
  const gint64 cameras[] = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
  int merged;

  g_assert_cmpuint (sl_view_layout_fill_cameras (layout, cameras, G_N_ELEMENTS (cameras)), ==, 9);
  sl_view_layout_set_hotspot (layout, 4); /* the middle */

  /* The middle and right columns of the two lower rows become one frame
   * holding the first camera found there. */
  merged = sl_view_layout_merge (layout, 1, 1, 2, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merged, ==, 4);
  g_assert_cmpuint (sl_view_layout_get_n_frames (layout), ==, 6);
  g_assert_cmpint (sl_view_layout_get_frame (layout, merged)->content, ==, SL_FRAME_CAMERA);
  g_assert_cmpint (sl_view_layout_get_frame (layout, merged)->id, ==, 15);
  g_assert_cmpint (sl_view_layout_get_hotspot (layout), ==, merged);
  g_assert_cmpint (sl_view_layout_find_frame (layout, 2, 2), ==, merged);
  assert_covers_grid (layout);

  /* A rectangle that cuts the merged frame is refused with a reason. */
  g_assert_cmpint (sl_view_layout_merge (layout, 0, 0, 2, 2, &error), ==, -1);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "larger frame"));
  g_clear_error (&error);
  g_assert_cmpint (sl_view_layout_merge (layout, 2, 2, 2, 1, &error), ==, -1);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Splitting gives the cells back, the content stays in the first. */
  merged = sl_view_layout_split (layout, merged);
  g_assert_cmpuint (sl_view_layout_get_n_frames (layout), ==, 9);
  g_assert_cmpint (sl_view_layout_get_frame (layout, merged)->id, ==, 15);
  g_assert_cmpint (sl_view_layout_get_frame (layout, 8)->content, ==, SL_FRAME_EMPTY);
  assert_covers_grid (layout);

  /* Swapping two frames exchanges what they hold. */
  sl_view_layout_swap_frames (layout, 0, 8);
  g_assert_cmpint (sl_view_layout_get_frame (layout, 0)->content, ==, SL_FRAME_EMPTY);
  g_assert_cmpint (sl_view_layout_get_frame (layout, 8)->id, ==, 11);
  sl_view_layout_set_frame_content (layout, 0, SL_FRAME_VIEW, 3);
  g_assert_cmpint (sl_view_layout_get_frame (layout, 0)->content, ==, SL_FRAME_VIEW);
}

static void
test_validation (void)
{
  g_autoptr (SlViewLayout) layout = sl_view_layout_new (3, 2);
  g_autoptr (GError) error = NULL;
  static const char *const bad[] = {
    "[]",
    "{\"columns\": 0, \"rows\": 2}",
    "{\"columns\": 9, \"rows\": 2}",
    "{\"columns\": 2, \"rows\": 2, \"frames\": [{\"column\": 1, \"row\": 0, \"column-span\": 2}]}",
    "{\"columns\": 2, \"rows\": 2, \"frames\": [{\"column\": 0, \"row\": 0, \"column-span\": 2},"
    " {\"column\": 1, \"row\": 0}]}",
    "{\"columns\": 2, \"rows\": 2, \"hotspot\": 1, \"frames\": [{\"column\": 0, \"row\": 0}]}",
    "{\"columns\": 2, \"rows\": 2, \"frames\": [{\"column\": -1, \"row\": 0}]}",
    "{\"columns\": 2, \"rows\": 2, \"frames\": [3]}",
    "not json",
  };

  g_assert_cmpint (sl_view_layout_add_frame (layout, 0, 0, 2, 2, &error), ==, 0);
  g_assert_no_error (error);
  /* Outside the grid, over another frame, no size. */
  g_assert_cmpint (sl_view_layout_add_frame (layout, 2, 0, 2, 1, &error), ==, -1);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (sl_view_layout_add_frame (layout, 1, 1, 2, 1, &error), ==, -1);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (sl_view_layout_add_frame (layout, 2, 0, 0, 1, &error), ==, -1);
  g_clear_error (&error);
  g_assert_cmpint (sl_view_layout_add_frame (layout, 2, 1, 1, 1, &error), ==, 1);
  g_assert_cmpint (sl_view_layout_add_frame (layout, 2, 0, 1, 1, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (sl_view_layout_validate (layout, &error));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (SlViewLayout) read = sl_view_layout_new_from_json (bad[i], &error);

      g_assert_null (read);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s: %s", bad[i], error->message);
      g_clear_error (&error);
    }
}

static void
test_json_round_trip (void)
{
  for (guint t = 0; t < SL_VIEW_N_TEMPLATES; t++)
    {
      g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (t);
      g_autoptr (SlViewLayout) read = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *json = NULL;

      sl_view_layout_set_frame_content (layout, 0, SL_FRAME_CAMERA, 7);
      if (sl_view_layout_get_n_frames (layout) > 2)
        {
          sl_view_layout_set_frame_content (layout, 1, SL_FRAME_VIEW, 8);
          sl_view_layout_set_frame_content (layout, 2, SL_FRAME_SEQUENCE, 9);
          sl_view_layout_set_hotspot (layout, 1);
        }
      json = sl_view_layout_to_json (layout);
      read = sl_view_layout_new_from_json (json, &error);
      g_assert_no_error (error);
      g_assert_true (sl_view_layout_equal (layout, read));
    }

  /* Spans survive too. */
  {
    g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_4X4);
    g_autoptr (SlViewLayout) read = NULL;
    g_autofree char *json = NULL;

    g_assert_cmpint (sl_view_layout_merge (layout, 1, 0, 3, 2, NULL), ==, 1);
    json = sl_view_layout_to_json (layout);
    read = sl_view_layout_new_from_json (json, NULL);
    g_assert_nonnull (read);
    g_assert_true (sl_view_layout_equal (layout, read));
    g_assert_cmpuint (sl_view_layout_get_frame (read, 1)->column_span, ==, 3);
  }
}

static void
test_sequence (void)
{
  g_autoptr (SlSequence) sequence = sl_sequence_new ();
  g_autoptr (SlSequence) read = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_true (sl_sequence_add_item (sequence, SL_FRAME_CAMERA, 1, 5, &error));
  g_assert_true (sl_sequence_add_item (sequence, SL_FRAME_VIEW, 2, 10, &error));
  g_assert_true (sl_sequence_add_item (sequence, SL_FRAME_CAMERA, 3, 1, &error));
  g_assert_no_error (error);
  g_assert_false (sl_sequence_add_item (sequence, SL_FRAME_CAMERA, 4, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sl_sequence_add_item (sequence, SL_FRAME_SEQUENCE, 4, 5, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sl_sequence_move_item (sequence, 2, 0);
  g_assert_cmpint (sl_sequence_get_item (sequence, 0)->id, ==, 3);
  g_assert_cmpint (sl_sequence_get_item (sequence, 1)->id, ==, 1);

  json = sl_sequence_to_json (sequence);
  read = sl_sequence_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_sequence_get_n_items (read), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const SlSequenceItem *a = sl_sequence_get_item (sequence, i);
      const SlSequenceItem *b = sl_sequence_get_item (read, i);

      g_assert_cmpint (a->content, ==, b->content);
      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpuint (a->dwell_seconds, ==, b->dwell_seconds);
    }

  sl_sequence_remove_item (read, 1);
  g_assert_cmpuint (sl_sequence_get_n_items (read), ==, 2);
  g_clear_pointer (&read, sl_sequence_free);
  read = sl_sequence_new_from_json ("{\"items\": [{\"camera\": 1, \"dwell\": 99999}]}", &error);
  g_assert_null (read);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
}

static void
view_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_catalog_views (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_1_PLUS_5);
  g_autofree char *json = NULL;
  g_autoptr (GPtrArray) views = NULL;
  g_autoptr (SlViewRecord) got = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  SlViewRecord folder = { 0, 0, SL_VIEW_KIND_FOLDER, (char *)"Building A", 0, 0, NULL };
  SlViewRecord split = { 0, 0, SL_VIEW_KIND_SPLIT, (char *)"Entrance", 1, 0, NULL };
  SlViewRecord camera = { 0, 0, SL_VIEW_KIND_CAMERA, (char *)"Gate", 0, 0, NULL };
  SlViewRecord top = {
    0, 0, SL_VIEW_KIND_SEQUENCE, (char *)"Tour", 0, 0, (char *)"{\"items\":[]}"
  };
  gint64 camera_id = add_camera (fixture->catalog, "Gate", 0);

  sl_view_layout_set_frame_content (layout, 0, SL_FRAME_CAMERA, camera_id);
  json = sl_view_layout_to_json (layout);

  folder.id = sl_catalog_add_view (fixture->catalog, &folder, &error);
  g_assert_no_error (error);
  split.parent_id = folder.id;
  split.definition = json;
  split.id = sl_catalog_add_view (fixture->catalog, &split, &error);
  g_assert_no_error (error);
  camera.parent_id = folder.id;
  camera.camera_id = camera_id;
  camera.id = sl_catalog_add_view (fixture->catalog, &camera, &error);
  g_assert_no_error (error);
  top.id = sl_catalog_add_view (fixture->catalog, &top, &error);
  g_assert_no_error (error);

  /* Bad input: no name, a camera view without a camera, a missing folder. */
  g_assert_cmpint (sl_catalog_add_view (fixture->catalog,
                                        &(SlViewRecord){ 0, 0, SL_VIEW_KIND_SPLIT, (char *)"  " },
                                        &error),
                   ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (sl_catalog_add_view (fixture->catalog,
                                        &(SlViewRecord){ 0, 0, SL_VIEW_KIND_CAMERA, (char *)"C" },
                                        &error),
                   ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (sl_catalog_add_view (fixture->catalog,
                                        &(SlViewRecord){ 0, 999, SL_VIEW_KIND_SPLIT, (char *)"X" },
                                        &error),
                   ==, 0);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A folder cannot go inside a folder it holds. */
  {
    SlViewRecord inner = { 0, folder.id, SL_VIEW_KIND_FOLDER, (char *)"Inner", 5, 0, NULL };
    SlViewRecord moved = folder;

    inner.id = sl_catalog_add_view (fixture->catalog, &inner, &error);
    g_assert_no_error (error);
    moved.parent_id = inner.id;
    g_assert_false (sl_catalog_update_view (fixture->catalog, &moved, &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (sl_catalog_remove_view (fixture->catalog, inner.id, &error));
    g_assert_no_error (error);
  }

  /* Listed parents first, by position within a folder. */
  views = sl_catalog_list_views (fixture->catalog, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 4);
  g_assert_cmpint (((SlViewRecord *)views->pdata[0])->id, ==, folder.id);
  g_assert_cmpint (((SlViewRecord *)views->pdata[1])->id, ==, camera.id);
  g_assert_cmpint (((SlViewRecord *)views->pdata[2])->id, ==, split.id);
  g_assert_cmpint (((SlViewRecord *)views->pdata[3])->id, ==, top.id);
  g_assert_cmpstr (((SlViewRecord *)views->pdata[2])->definition, ==, json);
  g_assert_cmpint (((SlViewRecord *)views->pdata[2])->parent_id, ==, folder.id);
  g_assert_cmpint (((SlViewRecord *)views->pdata[1])->camera_id, ==, camera_id);

  /* Rename, asynchronously on this thread's context. */
  split.name = (char *)"Main entrance";
  sl_catalog_update_view_async (fixture->catalog, &split, NULL, view_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sl_catalog_update_view_finish (fixture->catalog, result, &error));
  g_assert_no_error (error);
  got = sl_catalog_get_view (fixture->catalog, split.id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "Main entrance");
  g_assert_cmpint (got->kind, ==, SL_VIEW_KIND_SPLIT);
  {
    g_autoptr (SlViewLayout) read = sl_view_layout_new_from_json (got->definition, &error);

    g_assert_no_error (error);
    g_assert_true (sl_view_layout_equal (layout, read));
  }

  /* Removing the folder removes what it holds. */
  g_assert_true (sl_catalog_remove_view (fixture->catalog, folder.id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&views, g_ptr_array_unref);
  views = sl_catalog_list_views (fixture->catalog, &error);
  g_assert_cmpuint (views->len, ==, 1);
  g_assert_cmpint (((SlViewRecord *)views->pdata[0])->id, ==, top.id);
  g_assert_false (sl_catalog_remove_view (fixture->catalog, folder.id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sl_catalog_update_view (fixture->catalog, &split, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sl_catalog_get_view (fixture->catalog, split.id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

/* A catalog of schema 1 (before views) gets the views table and keeps its cameras. */
static void
test_catalog_migration (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db;

  add_camera (fixture->catalog, "Old", 0);
  g_clear_object (&fixture->catalog);

  db = raw_open (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE views; PRAGMA user_version = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->catalog = sl_catalog_open (fixture->path, &error);
  g_assert_no_error (error);
  db = raw_open (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, SL_CATALOG_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM views"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM cameras"), ==, 1);
  sqlite3_close (db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/view-layout/templates", test_templates);
  g_test_add_func ("/view-layout/spans", test_spans);
  g_test_add_func ("/view-layout/validation", test_validation);
  g_test_add_func ("/view-layout/json", test_json_round_trip);
  g_test_add_func ("/view-layout/sequence", test_sequence);
  ADD ("/view-layout/catalog", test_catalog_views);
  ADD ("/view-layout/catalog-migration", test_catalog_migration);

  return g_test_run ();
}
