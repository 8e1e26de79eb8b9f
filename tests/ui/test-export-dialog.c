// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "app-fixture.h"
#include "camsim-fixture.h"
#include "sl-export-dialog.h"
#include "sl-export.h"
#include "sl-segment-file.h"

/* The export dialog in the real application: app.export-range opens it with
 * a camera's range in the list; the export runs on after the dialog is
 * closed, and its folder verifies. A 2 s clip indexed as a recorded segment
 * stands for the recording. */

#define CAMERA_NAME "Lobby"

typedef struct
{
  gint64 camera_id;
  gint64 from_us;
  gint64 to_us;
  char *output;
} Recorded;

static Recorded recorded;

static void
add_recording (AppFixture *fixture)
{
  g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (fixture);
  g_autoptr (SlSegment) segment = g_new0 (SlSegment, 1);
  g_autoptr (GError) error = NULL;
  SlCameraRecord camera = { 0 };
  GStatBuf st;
  gint64 open_id;

  camera.name = (char *)CAMERA_NAME;
  camera.driver = (char *)"rtsp";
  camera.main_url = (char *)"rtsp://127.0.0.1:9/lobby";
  camera.enabled = FALSE;
  recorded.camera_id = sl_catalog_add_camera (catalog, &camera, &error);
  g_assert_no_error (error);

  segment->camera_id = recorded.camera_id;
  segment->stream = g_strdup ("main");
  segment->path = g_build_filename (fixture->data_dir, "lobby.mkv", NULL);
  segment->start_us = (g_get_real_time () / G_USEC_PER_SEC - 600) * G_USEC_PER_SEC;
  camsim_make_clip (segment->path);
  g_assert_true (sl_segment_file_inspect (segment, &error));
  g_assert_cmpint (g_stat (segment->path, &st), ==, 0);
  segment->bytes = st.st_size;
  open_id = sl_catalog_begin_segment (catalog, segment->camera_id, "main", segment->path,
                                      segment->start_us, &error);
  g_assert_no_error (error);
  sl_catalog_add_segment (catalog, open_id, segment, &error);
  g_assert_no_error (error);

  recorded.from_us = segment->start_us + G_USEC_PER_SEC / 2;
  recorded.to_us = segment->end_us;
  recorded.output = g_build_filename (fixture->data_dir, "exports", NULL);
  g_mkdir (recorded.output, 0755);
}

static GtkWidget *
find_export_dialog (void)
{
  return (GtkWidget *)find_shown_toplevel (SL_TYPE_EXPORT_DIALOG);
}

static gboolean
has_range_row (gconstpointer data)
{
  return find_widget ((GtkWidget *)data, is_action_row_titled, CAMERA_NAME) != NULL;
}

static gboolean
shows_label (gconstpointer data)
{
  const char *const *args = data;

  return find_widget (GTK_WIDGET (find_export_dialog ()), is_shown_label_containing, args[0]) !=
         NULL;
}

/* The folder the export made in the output folder, once it is signed. */
static char *
find_signed_export (void)
{
  g_autoptr (GDir) dir = g_dir_open (recorded.output, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *folder = g_build_filename (recorded.output, name, NULL);
      g_autofree char *signature = g_build_filename (folder, SL_EXPORT_SIGNATURE_NAME, NULL);

      if (g_str_has_prefix (name, "Sightline export ") &&
          g_file_test (signature, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&folder);
    }
  return NULL;
}

static gboolean
export_signed (gconstpointer data)
{
  g_autofree char *folder = find_signed_export ();

  return folder != NULL;
}

/* ---- What the desktop is told ------------------------------------------ */

/* A notification server on the test's session bus that keeps the summary of
 * each notification (test-recorder-app.c has a fuller one). */
static const char notifications_xml[] =
    "<node><interface name='org.freedesktop.Notifications'>"
    "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
    "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
    "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "</interface></node>";

static GPtrArray *summaries;
static gboolean name_owned;

static void
notification_method_cb (GDBusConnection *connection,
                        const char *sender,
                        const char *object_path,
                        const char *interface_name,
                        const char *method_name,
                        GVariant *parameters,
                        GDBusMethodInvocation *invocation,
                        gpointer user_data)
{
  const char *capabilities[] = { "body", "actions", NULL };
  const char *summary = NULL;

  if (g_str_equal (method_name, "GetCapabilities"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
      return;
    }
  g_variant_get_child (parameters, 3, "&s", &summary);
  g_ptr_array_add (summaries, g_strdup (summary));
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", summaries->len));
}

static const GDBusInterfaceVTable notification_vtable = { notification_method_cb };

static void
name_acquired_cb (GDBusConnection *connection, const char *name, gpointer user_data)
{
  name_owned = TRUE;
}

static gboolean
is_name_owned (gconstpointer data)
{
  return name_owned;
}

static void
start_notification_server (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  summaries = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                     &notification_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, NULL, NULL);
  wait_for (is_name_owned, NULL, "the notification server's bus name");
}

static gboolean
notified (gconstpointer data)
{
  for (guint i = 0; i < summaries->len; i++)
    if (g_str_equal (summaries->pdata[i], data))
      return TRUE;
  return FALSE;
}

/* ---- The test ------------------------------------------------------------ */

static gboolean
export_steps (gpointer user_data)
{
  AppFixture *fixture = user_data;
  SlApplication *application = fixture->application;
  const char *const no_ranges[] = { "Add at least one range", NULL };
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;
  GtkWidget *dialog;

  wait_for_main_window (application);
  start_notification_server ();

  /* Opened from a range, as the timeline does. */
  g_action_group_activate_action (
      G_ACTION_GROUP (application), "export-range",
      g_variant_new ("(xxx)", recorded.camera_id, recorded.from_us, recorded.to_us));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  wait_until_drawn (dialog);
  wait_for (has_range_row, dialog, "the range in the export list");
  sl_export_dialog_set_folder (SL_EXPORT_DIALOG (dialog), recorded.output);
  take_screenshot (dialog, "export-dialog.png");

  /* Closing the dialog leaves the export running to its end. */
  g_assert_true (gtk_widget_activate_action (dialog, "export.start", NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (export_signed, NULL, "the signed export");
  wait_for (notified, "Export finished", "the notification that the export finished");

  folder = find_signed_export ();
  problems = sl_export_verify (folder, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Nothing to export: said inline, nothing started. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "export", NULL);
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  wait_until_drawn (dialog);
  g_assert_true (gtk_widget_activate_action (dialog, "export.start", NULL));
  wait_for (shows_label, no_ranges, "the message about an empty list");
  take_screenshot (dialog, "export-dialog-empty.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_export_dialog (AppFixture *fixture, gconstpointer user_data)
{
  add_recording (fixture);
  app_fixture_run (fixture, export_steps);
  g_clear_pointer (&recorded.output, g_free);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* The signing key goes to the 0600 file of the data folder. */
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  home = ui_test_init (&argc, &argv);
  gst_init (&argc, &argv);

  g_test_add ("/export/dialog", AppFixture, NULL, app_fixture_set_up, test_export_dialog,
              app_fixture_tear_down);

  status = g_test_run ();
  delete_path (home);
  return status;
}
