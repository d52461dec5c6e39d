/* clt-page.c: the base of the pages the sidebar switches between
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-page"

#include "config.h"

#include "clt-page.h"

typedef struct
{
  CltWorkspace *workspace;
  GArray       *counts;
  gboolean      stale;
} CltPagePrivate;

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CltPage, clt_page, ADW_TYPE_BIN)

static void
clt_page_dispose (GObject *object)
{
  CltPage *self = (CltPage *) object;
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_clear_object (&priv->workspace);
  g_clear_pointer (&priv->counts, g_array_unref);

  G_OBJECT_CLASS (clt_page_parent_class)->dispose (object);
}

static void
clt_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CltPage *self = CLT_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, clt_page_get_workspace (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CltPage *self = CLT_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      clt_page_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A page reloaded while hidden reads the workspace once it is shown. */
static void
clt_page_map (GtkWidget *widget)
{
  CltPage *self = CLT_PAGE (widget);
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  GTK_WIDGET_CLASS (clt_page_parent_class)->map (widget);

  if (priv->stale)
    clt_page_reload (self);
}

static void
clt_page_class_init (CltPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_page_dispose;
  object_class->get_property = clt_page_get_property;
  object_class->set_property = clt_page_set_property;

  widget_class->map = clt_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         CLT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_page_init (CltPage *self)
{
}

/**
 * clt_page_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace the page shows
 */
CltWorkspace *
clt_page_get_workspace (CltPage *self)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_val_if_fail (CLT_IS_PAGE (self), NULL);

  return priv->workspace;
}

void
clt_page_set_workspace (CltPage      *self,
                        CltWorkspace *workspace)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_if_fail (CLT_IS_PAGE (self));
  g_return_if_fail (!workspace || CLT_IS_WORKSPACE (workspace));

  if (g_set_object (&priv->workspace, workspace))
    {
      /* The counts of another workspace say nothing of this one. */
      g_clear_pointer (&priv->counts, g_array_unref);
      clt_page_reload (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
    }
}

/**
 * clt_page_set_counts:
 * @counts: (element-type CltTableCount): the rows of each table, counted off the main thread
 */
void
clt_page_set_counts (CltPage *self,
                     GArray  *counts)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_if_fail (CLT_IS_PAGE (self));

  g_clear_pointer (&priv->counts, g_array_unref);
  priv->counts = counts ? g_array_ref (counts) : NULL;
  clt_page_reload (self);
}

/**
 * clt_page_get_count:
 * @table: a workspace table
 *
 * Returns: the rows of @table, or -1 while they are being counted
 */
gint64
clt_page_get_count (CltPage    *self,
                    const char *table)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_val_if_fail (CLT_IS_PAGE (self), -1);

  for (guint i = 0; priv->counts != NULL && i < priv->counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (priv->counts, CltTableCount, i);

      if (g_str_equal (count->table, table))
        return count->rows;
    }

  return -1;
}

/**
 * clt_page_reload:
 *
 * Shows the workspace's current state. A hidden page reads the workspace when it is next
 * shown, so that pages nobody looks at take no time from the one looked at; without a
 * workspace it lets go of the old one's state at once.
 */
void
clt_page_reload (CltPage *self)
{
  CltPagePrivate *priv = clt_page_get_instance_private (self);

  g_return_if_fail (CLT_IS_PAGE (self));

  priv->stale = priv->workspace != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (priv->stale)
    return;
  if (CLT_PAGE_GET_CLASS (self)->reload)
    CLT_PAGE_GET_CLASS (self)->reload (self);
}
