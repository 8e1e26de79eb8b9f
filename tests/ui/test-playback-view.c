// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "app-fixture.h"
#include "playback-fixture.h"
#include "sl-playback-view.h"

/* The recordings view in a real window under Xvfb, over recordings made from
 * camsim: a seek shows the recorded frame, playing moves the position and the
 * date and time label, a seek into the gap shows "No recording", Go to Live
 * is announced. Screenshots in build/tests/ui/screenshots/. */

static PlaybackRecording *recording;

static gboolean
has_frame (gconstpointer data)
{
  return sl_video_paintable_has_frame ((SlVideoPaintable *)data);
}

typedef struct
{
  SlPlaybackView *view;
  gint64 until_us;
} PositionWait;

static gboolean
position_passed (gconstpointer data)
{
  const PositionWait *wait = data;

  return sl_playback_view_get_position (wait->view) > wait->until_us;
}

static gboolean
shows_no_recording (gconstpointer data)
{
  return find_widget ((GtkWidget *)data, is_shown_label_containing, "No recording") != NULL;
}

static void
go_live_cb (SlPlaybackView *view, gpointer data)
{
  (*(guint *)data)++;
}

static gboolean
is_true (gconstpointer data)
{
  return *(const guint *)data > 0;
}

static void
test_view (void)
{
  g_autoptr (GPtrArray) segments = playback_recording_segments (recording);
  SlSegment *first = segments->pdata[0];
  SlSegment *last = segments->pdata[segments->len - 1];
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sl_playback_view_new (recording->dir->catalog);
  SlVideoPaintable *paintable;
  GtkWidget *label;
  gint64 start = first->start_us + 1500000;
  guint went_live = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 560);
  gtk_window_set_child (GTK_WINDOW (window), view);
  sl_playback_view_add_camera (SL_PLAYBACK_VIEW (view), recording->camera_id, "Gate");
  sl_playback_view_add_camera (SL_PLAYBACK_VIEW (view), recording->camera_id, "Gate (again)");
  g_signal_connect (view, "go-live", G_CALLBACK (go_live_cb), &went_live);
  gtk_window_present (GTK_WINDOW (window));

  /* Paused at a time: the frame recorded then, and its date and time. */
  sl_playback_view_seek (SL_PLAYBACK_VIEW (view), start);
  paintable = SL_VIDEO_PAINTABLE (sl_playback_view_get_paintable (SL_PLAYBACK_VIEW (view)));
  wait_for (has_frame, paintable, "a recorded frame");
  g_assert_false (sl_playback_view_get_playing (SL_PLAYBACK_VIEW (view)));
  label = find_widget (view, is_shown_label_containing, ":");
  g_assert_null (find_widget (view, is_shown_label_containing, "No recording"));
  g_assert_nonnull (label);
  g_test_message ("Time label: %s", gtk_label_get_label (GTK_LABEL (label)));
  take_screenshot (window, "playback-view-paused.png");

  /* Play (Space): the position moves. */
  gtk_widget_grab_focus (view);
  g_assert_true (gtk_widget_activate_action (view, "playback.play-pause", NULL));
  g_assert_true (sl_playback_view_get_playing (SL_PLAYBACK_VIEW (view)));
  {
    PositionWait wait = { SL_PLAYBACK_VIEW (view), start + G_USEC_PER_SEC };

    wait_for (position_passed, &wait, "the position to move");
  }
  g_assert_true (gtk_widget_activate_action (view, "playback.rate", "d", 2.0));
  g_assert_cmpfloat (
      sl_player_group_get_rate (sl_playback_view_get_group (SL_PLAYBACK_VIEW (view))), ==, 2.0);
  take_screenshot (window, "playback-view-playing.png");
  g_assert_true (gtk_widget_activate_action (view, "playback.play-pause", NULL));
  g_assert_false (sl_playback_view_get_playing (SL_PLAYBACK_VIEW (view)));

  /* Into the gap: "No recording". */
  for (guint i = 0; i + 1 < segments->len; i++)
    {
      SlSegment *a = segments->pdata[i], *b = segments->pdata[i + 1];

      if (b->start_us - a->end_us > G_USEC_PER_SEC)
        sl_playback_view_seek (SL_PLAYBACK_VIEW (view), (a->end_us + b->start_us) / 2);
    }
  wait_for (shows_no_recording, view, "No recording in the gap");
  take_screenshot (window, "playback-view-gap.png");

  /* The end of the recordings hands over to live video. */
  sl_playback_view_seek (SL_PLAYBACK_VIEW (view), last->end_us - 300000);
  sl_playback_view_play (SL_PLAYBACK_VIEW (view));
  wait_for (is_true, &went_live, "go-live at the end of the recordings");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  g_autoptr (GtkCssProvider) provider = NULL;
  int status;

  gst_init (&argc, &argv);
  /* The application's style sheet, which AdwApplication would load. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/sightline/Sightline/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  recording = playback_recording_new (4, 3, 3);
  g_test_add_func ("/ui/playback-view", test_view);
  status = g_test_run ();
  playback_recording_free (recording);
  delete_path (home);
  return status;
}
