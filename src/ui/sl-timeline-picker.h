// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_TIMELINE_PICKER (sl_timeline_picker_get_type ())
G_DECLARE_FINAL_TYPE (SlTimelinePicker, sl_timeline_picker, SL, TIMELINE_PICKER, GtkPopover)

/* The timeline's "Go to Date and Time" popover: a calendar and the time of
 * day in local time. Emits "time-chosen" (gint64 UTC microseconds) when the
 * user presses Go (or Enter) on a time that is not in the future. */
GtkWidget *sl_timeline_picker_new (void);
/* Shows @time_us (UTC microseconds) in local time. */
void sl_timeline_picker_set_time (SlTimelinePicker *self, gint64 time_us);
/* The chosen time, or -1 with an error shown in the popover. */
gint64 sl_timeline_picker_get_time (SlTimelinePicker *self);

G_END_DECLS
