/* clt-initials-avatar.c: a person's initials on a coloured disc, for list rows
 *
 * Looks like AdwAvatar with initials (the same colours, the same colour for the same
 * name), but is drawn in one snapshot and changes without touching CSS: list rows rebind
 * it for every customer scrolled past, and AdwAvatar restyles itself on each new text.
 * Without a text it draws nothing. The name beside it says who it is, so it is
 * presentation to assistive technologies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-initials-avatar"

#include "config.h"

#include "clt-initials-avatar.h"

struct _CltInitialsAvatar
{
  GtkWidget    parent_instance;

  int          size;
  char        *initials;
  guint        color;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (CltInitialsAvatar, clt_initials_avatar, GTK_TYPE_WIDGET)

/* The avatar colours of the GNOME palette, each a gradient from top to bottom. */
static const struct { const char *top, *bottom; } colors[] = {
  { "#83b6ec", "#337fdc" }, { "#7ad9f1", "#0f9ac8" }, { "#8de6b1", "#29ae74" },
  { "#b5e98a", "#6ab85b" }, { "#f8e359", "#d29d09" }, { "#ffcb62", "#d68400" },
  { "#ffa95a", "#ed5b00" }, { "#f78773", "#e62d42" }, { "#e973ab", "#e33b6a" },
  { "#cb78d4", "#9945b5" }, { "#9e91e8", "#7a59ca" }, { "#e3cf9c", "#b08952" },
  { "#be916d", "#785336" }, { "#c0bfbc", "#6e6d71" },
};

static void
clt_initials_avatar_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = *natural = CLT_INITIALS_AVATAR (widget)->size;
}

static void
clt_initials_avatar_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  CltInitialsAvatar *self = CLT_INITIALS_AVATAR (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, self->size, self->size);
  GskColorStop stops[2] = { { 0, { 0 } }, { 1, { 0 } } };
  GskRoundedRect disc;
  PangoRectangle ink;

  if (self->initials == NULL)
    return;

  gdk_rgba_parse (&stops[0].color, colors[self->color].top);
  gdk_rgba_parse (&stops[1].color, colors[self->color].bottom);
  gsk_rounded_rect_init_from_rect (&disc, &bounds, self->size / 2.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &disc);
  gtk_snapshot_append_linear_gradient (snapshot, &bounds, &GRAPHENE_POINT_INIT (0, 0),
                                       &GRAPHENE_POINT_INIT (0, self->size), stops, G_N_ELEMENTS (stops));
  gtk_snapshot_pop (snapshot);

  if (self->layout == NULL)
    {
      g_autoptr(PangoFontDescription) font = pango_font_description_new ();

      self->layout = gtk_widget_create_pango_layout (widget, self->initials);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      /* Whole pixels, and whole-pixel positions below: glyphs are rasterised once. */
      pango_font_description_set_absolute_size (font, (int) (self->size * 0.4 + 0.5) * PANGO_SCALE);
      pango_layout_set_font_description (self->layout, font);
    }
  pango_layout_get_pixel_extents (self->layout, &ink, NULL);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((self->size - ink.width) / 2 - ink.x,
                                                          (self->size - ink.height) / 2 - ink.y));
  gtk_snapshot_append_layout (snapshot, self->layout, &(GdkRGBA) { 1, 1, 1, 1 });
  gtk_snapshot_restore (snapshot);
}

static void
clt_initials_avatar_finalize (GObject *object)
{
  CltInitialsAvatar *self = CLT_INITIALS_AVATAR (object);

  g_free (self->initials);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (clt_initials_avatar_parent_class)->finalize (object);
}

static void
clt_initials_avatar_class_init (CltInitialsAvatarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = clt_initials_avatar_finalize;
  widget_class->measure = clt_initials_avatar_measure;
  widget_class->snapshot = clt_initials_avatar_snapshot;

  gtk_widget_class_set_css_name (widget_class, "initials-avatar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
clt_initials_avatar_init (CltInitialsAvatar *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
clt_initials_avatar_new (int size)
{
  CltInitialsAvatar *self = g_object_new (CLT_TYPE_INITIALS_AVATAR, NULL);

  self->size = size;

  return GTK_WIDGET (self);
}

/* The first letter or digit of @word, upper-cased, appended to @out. */
static void
append_first_letter (GString    *out,
                     const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, g_unichar_toupper (c));
          return;
        }
    }
}

/**
 * clt_initials_avatar_set_text:
 * @text: (nullable): a name, or an e-mail address where there is no name
 *
 * Shows the first letters of the first and the last word of @text; nothing without it.
 */
void
clt_initials_avatar_set_text (CltInitialsAvatar *self,
                              const char        *text)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) initials = g_string_new (NULL);
  int first = -1, last = -1;
  guint color;

  g_return_if_fail (CLT_IS_INITIALS_AVATAR (self));

  if (text != NULL)
    words = g_strsplit_set (text, " \t\n", -1);
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        first = first < 0 ? (int) i : first;
        last = i;
      }
  if (first >= 0)
    append_first_letter (initials, words[first]);
  if (last > first)
    append_first_letter (initials, words[last]);

  color = text != NULL ? g_str_hash (text) % G_N_ELEMENTS (colors) : 0;
  if (g_strcmp0 (self->initials, initials->len > 0 ? initials->str : NULL) != 0)
    {
      g_clear_pointer (&self->initials, g_free);
      g_clear_object (&self->layout);
      if (initials->len > 0)
        self->initials = g_string_free (g_steal_pointer (&initials), FALSE);
    }
  else if (color == self->color)
    return;
  self->color = color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * clt_initials_avatar_get_initials:
 *
 * Returns: (nullable): the letters shown, NULL when none are
 */
const char *
clt_initials_avatar_get_initials (CltInitialsAvatar *self)
{
  g_return_val_if_fail (CLT_IS_INITIALS_AVATAR (self), NULL);

  return self->initials;
}
