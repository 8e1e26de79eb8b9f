// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-timeline-picker.h"

struct _SlTimelinePicker
{
  GtkPopover parent_instance;

  /* Template children */
  GtkCalendar *calendar;
  GtkSpinButton *hour_spin;
  GtkSpinButton *minute_spin;
  GtkSpinButton *second_spin;
  GtkLabel *error_label;
};

enum
{
  TIME_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlTimelinePicker, sl_timeline_picker, GTK_TYPE_POPOVER)

/* Two digits, as clocks show them. */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf (
      "%02d", (int)gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
show_error (SlTimelinePicker *self, const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_now_clicked (SlTimelinePicker *self)
{
  sl_timeline_picker_set_time (self, g_get_real_time ());
}

static void
on_go_clicked (SlTimelinePicker *self)
{
  gint64 time_us = sl_timeline_picker_get_time (self);

  if (time_us < 0)
    return;
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[TIME_CHOSEN], 0, time_us);
}

static void
sl_timeline_picker_class_init (SlTimelinePickerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The user chose @time_us (UTC microseconds). */
  signals[TIME_CHOSEN] = g_signal_new ("time-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/timeline-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTimelinePicker, calendar);
  gtk_widget_class_bind_template_child (widget_class, SlTimelinePicker, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTimelinePicker, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTimelinePicker, second_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTimelinePicker, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_spin_output);
  gtk_widget_class_bind_template_callback (widget_class, on_now_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_go_clicked);
}

static void
sl_timeline_picker_init (SlTimelinePicker *self)
{
  GtkSpinButton *spins[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  spins[0] = self->hour_spin;
  spins[1] = self->minute_spin;
  spins[2] = self->second_spin;

  /* Enter in a field presses Go (GtkSpinButton has no such property before
   * GTK 4.14; its text does). */
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (spins[i]));

      if (GTK_IS_TEXT (text))
        gtk_text_set_activates_default (GTK_TEXT (text), TRUE);
    }
}

GtkWidget *
sl_timeline_picker_new (void)
{
  return g_object_new (SL_TYPE_TIMELINE_PICKER, NULL);
}

void
sl_timeline_picker_set_time (SlTimelinePicker *self, gint64 time_us)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  g_return_if_fail (SL_IS_TIMELINE_PICKER (self));

  if (local == NULL)
    return;
  gtk_calendar_select_day (self->calendar, local);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (local));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (local));
  gtk_spin_button_set_value (self->second_spin, g_date_time_get_second (local));
  show_error (self, NULL);
}

gint64
sl_timeline_picker_get_time (SlTimelinePicker *self)
{
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) local = NULL;
  gint64 time_us;

  g_return_val_if_fail (SL_IS_TIMELINE_PICKER (self), -1);

  gtk_spin_button_update (self->hour_spin);
  gtk_spin_button_update (self->minute_spin);
  gtk_spin_button_update (self->second_spin);
  day = gtk_calendar_get_date (self->calendar);
  local = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day),
                                 gtk_spin_button_get_value_as_int (self->hour_spin),
                                 gtk_spin_button_get_value_as_int (self->minute_spin),
                                 gtk_spin_button_get_value_as_int (self->second_spin));
  if (local == NULL)
    {
      show_error (self, _ ("That date and time does not exist here. Choose another one."));
      return -1;
    }
  time_us = g_date_time_to_unix (local) * G_USEC_PER_SEC;
  if (time_us > g_get_real_time ())
    {
      show_error (self, _ ("That time is in the future: there are no recordings yet. Choose an "
                           "earlier time or Now."));
      return -1;
    }
  show_error (self, NULL);
  return time_us;
}
