// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli-private.h"
#include "sl-error.h"

/* sightline-recorder recordings list */

#define DEFAULT_RANGE_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

/* A segment or a gap, for one list in time order. */
typedef struct
{
  gint64 start_us;
  gint64 end_us;
  const SlSegment *segment;
  const SlGap *gap;
} Period;

static int
compare_periods (gconstpointer a, gconstpointer b)
{
  const Period *pa = a;
  const Period *pb = b;

  if (pa->start_us != pb->start_us)
    return pa->start_us < pb->start_us ? -1 : 1;
  /* At the same start: segments before gaps, the main stream first. */
  if ((pa->gap != NULL) != (pb->gap != NULL))
    return pa->gap != NULL ? 1 : -1;
  if (pa->segment != NULL && pb->segment != NULL)
    return g_strcmp0 (pa->segment->stream, pb->segment->stream);
  return 0;
}

static void
add_time_members (JsonBuilder *builder, const char *name, gint64 us)
{
  g_autofree char *text = sl_cli_format_time (us);
  g_autofree char *us_name = g_strconcat (name, "_us", NULL);

  sl_cli_json_add_string (builder, name, text);
  sl_cli_json_add_int (builder, us_name, us);
}

static void
add_period_json (JsonBuilder *builder, const Period *period)
{
  json_builder_begin_object (builder);
  sl_cli_json_add_string (builder, "kind", period->gap != NULL ? "gap" : "segment");
  sl_cli_json_add_int (builder, "id", period->gap != NULL ? period->gap->id : period->segment->id);
  add_time_members (builder, "start", period->start_us);
  add_time_members (builder, "end", period->end_us);
  sl_cli_json_add_int (builder, "duration_us", period->end_us - period->start_us);
  if (period->gap != NULL)
    {
      sl_cli_json_add_string (builder, "reason", sl_gap_reason_to_string (period->gap->reason));
      sl_cli_json_add_string (builder, "description", sl_gap_reason_describe (period->gap->reason));
    }
  else
    {
      sl_cli_json_add_string (builder, "stream", period->segment->stream);
      sl_cli_json_add_string (builder, "type", sl_recording_type_to_string (period->segment->type));
    }
  json_builder_end_object (builder);
}

static GPtrArray *
period_row (const Period *period)
{
  g_autofree char *start = sl_cli_format_time (period->start_us);
  g_autofree char *end = sl_cli_format_time (period->end_us);
  g_autofree char *duration = sl_cli_format_duration (period->end_us - period->start_us);
  g_autofree char *start_us = g_strdup_printf ("%" G_GINT64_FORMAT, period->start_us);
  g_autofree char *end_us = g_strdup_printf ("%" G_GINT64_FORMAT, period->end_us);
  g_autofree char *details = NULL;

  if (period->gap != NULL)
    details = g_strdup_printf ("%s: %s", sl_gap_reason_to_string (period->gap->reason),
                               sl_gap_reason_describe (period->gap->reason));
  else
    details = g_strdup_printf ("%s, %s", period->segment->stream,
                               sl_recording_type_to_string (period->segment->type));

  return sl_cli_table_row (start, end, duration, start_us, end_us,
                           period->gap != NULL ? _ ("gap") : _ ("segment"), details, NULL);
}

int
sl_cli_recordings_list (SlCli *cli, int argc, char **argv)
{
  g_autofree char *camera_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera_text, N_ ("The camera, by name or ID"),
      N_ ("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_ ("Start of the range: ISO 8601 with a time zone, 'now', or microseconds since 1970 "
          "(default: 24 hours before its end)"),
      N_ ("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_ ("End of the range (default: now)"), N_ ("T") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print a JSON array for scripts"), NULL },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  g_autoptr (GArray) periods = g_array_new (FALSE, FALSE, sizeof (Period));
  SlCatalog *catalog;
  gint64 from_us = 0;
  gint64 to_us = g_get_real_time ();
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, entries, NULL,
                             _ ("Lists the recorded segments of a camera and the gaps between "
                                "them, in time order, with times in ISO 8601 (UTC) and in "
                                "microseconds since 1970."),
                             &argc, &argv, &status) ||
      !sl_cli_check_arguments (cli, argc, argv, 0, 0, NULL, &status))
    return status;

  if (camera_text == NULL)
    return sl_cli_usage_error (cli, _ ("give the camera with --camera"));
  if ((to_text != NULL && !sl_cli_parse_time (to_text, &to_us, &error)) ||
      (from_text != NULL && !sl_cli_parse_time (from_text, &from_us, &error)))
    return sl_cli_fail (error);
  if (from_text == NULL)
    from_us = to_us - DEFAULT_RANGE_US;
  if (from_us >= to_us)
    return sl_cli_fail_backwards_range (from_us, to_us);

  camera = sl_cli_find_camera (cli, camera_text, &catalog, &error);
  if (camera == NULL ||
      !sl_catalog_query_timeline (catalog, camera->id, from_us, to_us, &segments, &gaps, &error))
    return sl_cli_fail (error);

  for (guint i = 0; segments != NULL && i < segments->len; i++)
    {
      const SlSegment *segment = segments->pdata[i];
      Period period = { segment->start_us, segment->end_us, segment, NULL };

      g_array_append_val (periods, period);
    }
  for (guint i = 0; gaps != NULL && i < gaps->len; i++)
    {
      const SlGap *gap = gaps->pdata[i];
      Period period = { gap->start_us, gap->end_us, NULL, gap };

      g_array_append_val (periods, period);
    }
  g_array_sort (periods, compare_periods);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < periods->len; i++)
        add_period_json (builder, &g_array_index (periods, Period, i));
      json_builder_end_array (builder);
      sl_cli_print_json (builder);
    }
  else if (periods->len == 0)
    {
      g_autofree char *from = sl_cli_format_time (from_us);
      g_autofree char *to = sl_cli_format_time (to_us);

      g_print (_ ("No recordings of '%s' from %s to %s.\n"), camera->name, from, to);
    }
  else
    {
      g_autoptr (GPtrArray) rows =
          g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

      g_ptr_array_add (rows,
                       sl_cli_table_row (_ ("START"), _ ("END"), _ ("DURATION"), _ ("START_US"),
                                         _ ("END_US"), _ ("KIND"), _ ("DETAILS"), NULL));
      for (guint i = 0; i < periods->len; i++)
        g_ptr_array_add (rows, period_row (&g_array_index (periods, Period, i)));
      sl_cli_print_table (rows);
    }
  return SL_CLI_EXIT_OK;
}
