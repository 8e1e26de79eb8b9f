// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <adwaita.h>

#include "sl-application.h"
#include "sl-catalog.h"
#include "sl-live-tile.h"
#include "sl-window.h"

G_BEGIN_DECLS

/* Every wait of the UI tests ends by this deadline or fails the test. */
#define DEADLINE_SECONDS 30

/* A Sightline application on a temporary data folder. */
typedef struct
{
  char *data_dir;
  SlApplication *application;
  GSourceFunc steps;
  int exit_status;
} AppFixture;

typedef gboolean (*Condition) (gconstpointer data);
typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* Isolates the XDG folders and starts GTK for a test program; returns the
 * temporary home to delete at the end. */
char *ui_test_init (int *argc, char ***argv);
void delete_path (const char *path);

void app_fixture_set_up (AppFixture *fixture, gconstpointer user_data);
void app_fixture_tear_down (AppFixture *fixture, gconstpointer user_data);
/* Runs the application with --data-dir on the fixture's folder; @steps runs in
 * the main loop once, after the first activation. */
void app_fixture_run (AppFixture *fixture, GSourceFunc steps);
void assert_all_windows_gone (AppFixture *fixture);
/* The catalog of the fixture's data folder, opened as sightline-recorder does. */
SlCatalog *app_fixture_open_catalog (AppFixture *fixture);

/* Runs the main loop until @condition holds, failing the test at the deadline. */
void wait_for (Condition condition, gconstpointer data, const char *what);
/* Waits until @widget's window is on screen and has drawn a frame since now. */
void wait_until_drawn (GtkWidget *widget);
/* Waits until the recorder started, or failed to; returns its status. */
SlRecorderStatus wait_for_recorder (SlApplication *application);

GtkWidget *find_widget (GtkWidget *root, WidgetMatch match, gconstpointer data);
gboolean is_status_page_titled (GtkWidget *widget, gconstpointer title);
gboolean is_button_labelled (GtkWidget *widget, gconstpointer text);
gboolean is_label_containing (GtkWidget *widget, gconstpointer text);
gboolean is_shown_label_containing (GtkWidget *widget, gconstpointer text);
gboolean is_action_row_titled (GtkWidget *widget, gconstpointer title);
gboolean is_shown (GtkWidget *widget);
SlWindow *find_main_window (SlApplication *application);
/* Live tiles, by what they show: the camera name and the state next to it. */
GtkWidget *find_live_tile (GtkWidget *root, const char *camera_name);
GPtrArray *find_live_tiles (GtkWidget *root);
const char *live_tile_name_text (GtkWidget *tile);
const char *live_tile_state_text (GtkWidget *tile);
gboolean live_tile_shows_recording (GtkWidget *tile);
/* A toplevel of @type on screen (mapped), or NULL. */
GtkWindow *find_shown_toplevel (GType type);
/* Waits for a message dialog on screen; @what names it in a failure. */
AdwMessageDialog *wait_for_message_dialog (const char *what);
/* Waits until no message dialog is shown; @what names it for a timeout. */
void wait_for_message_dialog_gone (const char *what);
/* app.quit, then "Stop Recording and Quit" in the question it asks. */
void quit_stopping_recording (SlApplication *application);
/* The main window, once it is on screen and has drawn a frame. */
SlWindow *wait_for_main_window (SlApplication *application);

char *screenshot_path (const char *name);
/* Renders @window as the user sees it, with the window's own renderer. */
GdkTexture *render_window (GtkWidget *window);
/* Renders @window as the user sees it into a PNG file and checks the file. */
void take_screenshot (GtkWidget *window, const char *name);

/* How many pixels of @rect differ between two renderings of a window. */
guint count_changed_pixels (const guint32 *before,
                            const guint32 *after,
                            int stride_pixels,
                            const graphene_rect_t *rect);
/* The pixels of @texture, 4 bytes each, rows without padding. */
guint32 *download_pixels (GdkTexture *texture);

G_END_DECLS
