/* clt-segment-palette.c: the kinds of condition, to drag onto the canvas or add from a menu
 *
 * Rows grouped as Attributes, Behaviour, Consent, Sources, Groups and Segments, each with an
 * icon and a line on what it does. A row drags a new condition of its kind; activating it (a
 * click, or Enter) adds one to the end of the root group. The same kinds make the add menus of
 * the group cards, the keyboard's way to add.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-palette"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-segment-palette.h"

struct _CltSegmentPalette
{
  GtkWidget         parent_instance;

  CltSegmentCanvas *canvas;
  GtkWidget        *scrolled;
  GtkListBox       *list;
  GListModel       *purposes;
  GListModel       *segments;
};

G_DEFINE_FINAL_TYPE (CltSegmentPalette, clt_segment_palette, GTK_TYPE_WIDGET)

typedef enum {
  SECTION_ATTRIBUTES, SECTION_BEHAVIOUR, SECTION_INSIGHTS, SECTION_CONSENT, SECTION_SOURCES, SECTION_GROUPS,
  SECTION_SEGMENTS
} Section;

static const struct { Section section; const char *spec; const char *icon; const char *description; } entries[] = {
  { SECTION_ATTRIBUTES, "attribute:city", "mark-location-symbolic", N_("Where they live") },
  { SECTION_ATTRIBUTES, "attribute:postcode", "mark-location-symbolic", N_("Postcode, as text") },
  { SECTION_ATTRIBUTES, "attribute:country", "mark-location-symbolic", N_("Country code, such as DE") },
  { SECTION_ATTRIBUTES, "attribute:first_name", "avatar-default-symbolic", N_("Is, contains, starts with") },
  { SECTION_ATTRIBUTES, "attribute:last_name", "avatar-default-symbolic", N_("Is, contains, starts with") },
  { SECTION_ATTRIBUTES, "attribute:company", "avatar-default-symbolic", N_("The company they work for") },
  { SECTION_ATTRIBUTES, "attribute:email", "mail-unread-symbolic", N_("Their address, or whether they have one") },
  { SECTION_ATTRIBUTES, "attribute:birthday", "x-office-calendar-symbolic", N_("Birthday this month, or a date") },
  { SECTION_ATTRIBUTES, "attribute:customer_since", "x-office-calendar-symbolic", N_("When they first appeared") },
  { SECTION_ATTRIBUTES, "attribute:last_activity", "x-office-calendar-symbolic", N_("Their latest event") },
  { SECTION_ATTRIBUTES, "attribute:orders", "clt-shop-symbolic", N_("How many orders in all") },
  { SECTION_ATTRIBUTES, "attribute:spend", "clt-shop-symbolic", N_("How much they spent in all") },
  { SECTION_BEHAVIOUR, "behaviour:purchase", "clt-shop-symbolic", N_("How often, how much, how recently; by product") },
  { SECTION_BEHAVIOUR, "behaviour:loyalty_receipt", "clt-shop-symbolic", N_("Receipts of the loyalty card") },
  { SECTION_BEHAVIOUR, "behaviour:newsletter_open", "mail-unread-symbolic", N_("Opened a newsletter; by campaign") },
  { SECTION_BEHAVIOUR, "behaviour:newsletter_click", "mail-unread-symbolic", N_("Clicked a link in a newsletter") },
  { SECTION_BEHAVIOUR, "behaviour:unsubscribe", "mail-unread-symbolic", N_("Left the newsletter") },
  { SECTION_BEHAVIOUR, "behaviour:newsletter_optin", "mail-unread-symbolic", N_("Signed up for the newsletter") },
  { SECTION_INSIGHTS, "attribute:rfm_group", "starred-symbolic", N_("Champions, loyal, at risk …: from recency, frequency and spend") },
  { SECTION_INSIGHTS, "attribute:r_score", "starred-symbolic", N_("1 to 5: how recently they bought, against the others") },
  { SECTION_INSIGHTS, "attribute:f_score", "starred-symbolic", N_("1 to 5: on how many days they bought") },
  { SECTION_INSIGHTS, "attribute:m_score", "starred-symbolic", N_("1 to 5: how much they spent") },
  { SECTION_INSIGHTS, "attribute:next_offer", "clt-shop-symbolic", N_("A product often bought with what they have") },
  { SECTION_CONSENT, "consent:email_marketing", "emblem-ok-symbolic", N_("May be e-mailed, or not") },
  { SECTION_CONSENT, "consent:postal_marketing", "emblem-ok-symbolic", N_("May be sent post, or not") },
  { SECTION_CONSENT, "consent:ads_audience", "emblem-ok-symbolic", N_("May be in an ads audience, or not") },
  { SECTION_SOURCES, "source:source", "document-open-symbolic", N_("Known to a system, such as the shop") },
  { SECTION_SOURCES, "source:import", "document-open-symbolic", N_("Came from one import") },
  { SECTION_GROUPS, "group:all", "clt-segments-symbolic", N_("Conditions that must all hold") },
  { SECTION_GROUPS, "group:any", "clt-segments-symbolic", N_("Conditions of which one is enough") },
  { SECTION_GROUPS, "group:none", "clt-segments-symbolic", N_("Conditions that must not hold") },
};

static const char *
section_title (Section section)
{
  switch (section)
    {
    case SECTION_ATTRIBUTES: return _("Attributes");
    case SECTION_BEHAVIOUR: return _("Behaviour");
    case SECTION_INSIGHTS: return _("Insights");
    case SECTION_CONSENT: return _("Consent");
    case SECTION_SOURCES: return _("Sources");
    case SECTION_GROUPS: return _("Groups");
    case SECTION_SEGMENTS: return _("Segments");
    default: g_return_val_if_reached ("");
    }
}

/* The title of a palette entry: the catalogue's label of its field, or the group's kind. */
static const char *
entry_title (const char *spec)
{
  const char *colon = strchr (spec, ':');

  if (g_str_equal (spec, "group:all"))
    return _("All of");
  if (g_str_equal (spec, "group:any"))
    return _("Any of");
  if (g_str_equal (spec, "group:none"))
    return _("None of");

  return clt_segment_catalogue_get_label (colon + 1);
}

/* The catalogue's purposes besides the built-in ones (which have entries of their own), as
 * "consent:KEY" specs and their labels; calls @add for each. */
static void
foreach_added_purpose (GListModel *purposes,
                       void      (*add) (gpointer    data,
                                         const char *spec,
                                         const char *title),
                       gpointer    data)
{
  for (guint i = 0; purposes && i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      g_autofree char *spec = g_strconcat ("consent:", clt_purpose_get_key (purpose), NULL);
      gboolean built_in = FALSE;

      for (guint e = 0; e < G_N_ELEMENTS (entries); e++)
        built_in |= g_str_equal (entries[e].spec, spec);
      if (!built_in)
        add (data, spec, clt_purpose_get_display_label (purpose));
    }
}

static GdkContentProvider *
row_prepare_cb (GtkDragSource     *source,
                double             x,
                double             y,
                CltSegmentPalette *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(CltSegmentNode) node = clt_segment_canvas_create_node (self->canvas, g_object_get_data (G_OBJECT (row), "spec"));

  if (node == NULL)
    return NULL;

  return gdk_content_provider_new_typed (CLT_TYPE_SEGMENT_NODE, node);
}

static void
row_drag_begin_cb (GtkDragSource *source,
                   GdkDrag       *drag,
                   gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 12, 12);
}

static void
row_drag_end_cb (GtkDragSource     *source,
                 GdkDrag           *drag,
                 gboolean           delete_data,
                 CltSegmentPalette *self)
{
  clt_segment_canvas_show_drop (self->canvas, NULL, 0, NULL);
}

static void
add_row (CltSegmentPalette *self,
         Section            section,
         const char        *spec,
         const char        *icon,
         const char        *title,
         const char        *description)
{
  GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW, "title", title, "subtitle", description, "activatable", TRUE,
                                 "subtitle-lines", 1, "use-underline", FALSE, NULL);
  GtkDragSource *source = gtk_drag_source_new ();

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  g_object_set_data_full (G_OBJECT (row), "spec", g_strdup (spec), g_free);
  g_object_set_data (G_OBJECT (row), "section", GINT_TO_POINTER (section));
  gtk_widget_set_tooltip_text (row, _("Drag onto the segment, or press Enter to add"));

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source, "prepare", G_CALLBACK (row_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (row_drag_begin_cb), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (row_drag_end_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  gtk_list_box_append (self->list, row);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  Section section = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "section"));

  if (before != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "section")) == (int) section)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  gtk_list_box_row_set_header (row, g_object_new (GTK_TYPE_LABEL, "label", section_title (section), "xalign", 0.0f,
                                                  "margin-start", 12, "margin-top", 12, "margin-bottom", 6,
                                                  "css-classes", (const char * const[]) { "heading", NULL }, NULL));
}

static void
row_activated_cb (CltSegmentPalette *self,
                  GtkListBoxRow     *row)
{
  g_autoptr(CltSegmentNode) node = clt_segment_canvas_create_node (self->canvas, g_object_get_data (G_OBJECT (row), "spec"));
  CltSegmentGroup *root = clt_segment_canvas_get_root (self->canvas);

  if (node && root)
    clt_segment_canvas_add (self->canvas, root, clt_segment_group_get_n_children (root), node);
}

static void
clt_segment_palette_dispose (GObject *object)
{
  CltSegmentPalette *self = CLT_SEGMENT_PALETTE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->purposes);
  g_clear_object (&self->segments);

  G_OBJECT_CLASS (clt_segment_palette_parent_class)->dispose (object);
}

static void
clt_segment_palette_class_init (CltSegmentPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_segment_palette_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "segmentpalette");
}

static void
clt_segment_palette_init (CltSegmentPalette *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kinds of condition"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);

  self->scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW, "child", self->list, "hscrollbar-policy", GTK_POLICY_NEVER,
                                 "vexpand", TRUE, NULL);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
clt_segment_palette_new (CltSegmentCanvas *canvas)
{
  CltSegmentPalette *self = g_object_new (CLT_TYPE_SEGMENT_PALETTE, NULL);

  self->canvas = canvas;
  clt_segment_palette_set_segments (self, NULL);

  return GTK_WIDGET (self);
}

static void
add_purpose_row (gpointer    data,
                 const char *spec,
                 const char *title)
{
  add_row (data, SECTION_CONSENT, spec, "emblem-ok-symbolic", title, _("Consent for this purpose, or not"));
}

static void
rebuild (CltSegmentPalette *self)
{
  gtk_list_box_remove_all (self->list);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      add_row (self, entries[i].section, entries[i].spec, entries[i].icon, entry_title (entries[i].spec),
               _(entries[i].description));
      /* The purposes the DPO added come after the built-in ones. */
      if (entries[i].section == SECTION_CONSENT && (i + 1 == G_N_ELEMENTS (entries) || entries[i + 1].section != SECTION_CONSENT))
        foreach_added_purpose (self->purposes, add_purpose_row, self);
    }
  for (guint i = 0; self->segments && i < g_list_model_get_n_items (self->segments); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (self->segments, i);
      g_autofree char *spec = g_strdup_printf ("segment:%" G_GINT64_FORMAT, clt_segment_get_id (segment));

      add_row (self, SECTION_SEGMENTS, spec, "clt-segments-symbolic", clt_segment_get_name (segment),
               clt_segment_get_kind (segment) == CLT_SEGMENT_KIND_STATIC ? _("Members of this fixed list")
                                                                         : _("Members of this segment"));
    }
}

/* Lists the purposes of the catalogue (#CltPurpose) a consent condition may name. */
void
clt_segment_palette_set_purposes (CltSegmentPalette *self,
                                  GListModel        *purposes)
{
  g_return_if_fail (CLT_IS_SEGMENT_PALETTE (self));

  g_set_object (&self->purposes, purposes);
  rebuild (self);
}

/* Lists the kinds, and @segments (#CltSegment) to refer to. */
void
clt_segment_palette_set_segments (CltSegmentPalette *self,
                                  GListModel        *segments)
{
  g_return_if_fail (CLT_IS_SEGMENT_PALETTE (self));

  g_set_object (&self->segments, segments);
  rebuild (self);
}

/**
 * clt_segment_palette_find_row:
 *
 * Returns: (transfer none) (nullable): the row that makes @spec
 */
GtkWidget *
clt_segment_palette_find_row (CltSegmentPalette *self,
                              const char        *spec)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_PALETTE (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "spec"), spec) == 0)
      return row;

  return NULL;
}

/**
 * clt_segment_palette_new_menu:
 *
 * Returns: (transfer full): the kinds as a menu of "group.add" items, by section, with
 *   the catalogue's @purposes (#CltPurpose) and the saved @segments
 */
static void
add_purpose_item (gpointer    data,
                  const char *spec,
                  const char *title)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (title, NULL);

  g_menu_item_set_action_and_target (item, "group.add", "s", spec);
  g_menu_append_item (data, item);
}

GMenuModel *
clt_segment_palette_new_menu (GListModel *purposes,
                              GListModel *segments)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = NULL;
  g_autoptr(GMenu) segment_section = g_menu_new ();
  Section current = SECTION_SEGMENTS;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (entry_title (entries[i].spec), NULL);

      if (entries[i].section != current)
        {
          if (section)
            g_menu_append_submenu (menu, section_title (current), G_MENU_MODEL (section));
          g_clear_object (&section);
          section = g_menu_new ();
          current = entries[i].section;
        }
      g_menu_item_set_action_and_target (item, "group.add", "s", entries[i].spec);
      g_menu_append_item (section, item);
      if (entries[i].section == SECTION_CONSENT && (i + 1 == G_N_ELEMENTS (entries) || entries[i + 1].section != SECTION_CONSENT))
        foreach_added_purpose (purposes, add_purpose_item, section);
    }
  if (current == SECTION_GROUPS)
    {
      /* Groups stay at the top level: they are the second most common thing to add. */
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  else if (section)
    g_menu_append_submenu (menu, section_title (current), G_MENU_MODEL (section));

  for (guint i = 0; segments && i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (segments, i);
      g_autofree char *spec = g_strdup_printf ("segment:%" G_GINT64_FORMAT, clt_segment_get_id (segment));
      g_autoptr(GMenuItem) item = g_menu_item_new (clt_segment_get_name (segment), NULL);

      g_menu_item_set_action_and_target (item, "group.add", "s", spec);
      g_menu_append_item (segment_section, item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (segment_section)) > 0)
    g_menu_append_submenu (menu, section_title (SECTION_SEGMENTS), G_MENU_MODEL (segment_section));

  return G_MENU_MODEL (menu);
}
