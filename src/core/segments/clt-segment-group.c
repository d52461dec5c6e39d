/* clt-segment-group.c: all of, any of or none of its children
 *
 * The children are a GListModel, so that a builder binds a list box to them; every change
 * emits items-changed and CltSegmentNode::changed up the tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-group"

#include "config.h"

#include "clt-segment-enums.h"
#include "clt-segment-group.h"
#include "clt-segment-node-private.h"

struct _CltSegmentGroup
{
  CltSegmentNode   parent_instance;

  CltSegmentMatch  match;
  GPtrArray       *children;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltSegmentGroup, clt_segment_group, CLT_TYPE_SEGMENT_NODE,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MATCH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return CLT_TYPE_SEGMENT_NODE;
}

static guint
get_n_items (GListModel *model)
{
  return CLT_SEGMENT_GROUP (model)->children->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CltSegmentGroup *self = CLT_SEGMENT_GROUP (model);

  if (position >= self->children->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->children, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static CltSegmentNode *
clt_segment_group_copy (CltSegmentNode *node)
{
  CltSegmentGroup *self = CLT_SEGMENT_GROUP (node);
  CltSegmentGroup *copy = clt_segment_group_new (self->match);

  for (guint i = 0; i < self->children->len; i++)
    {
      g_autoptr(CltSegmentNode) child = clt_segment_node_copy (g_ptr_array_index (self->children, i));

      clt_segment_group_append (copy, child);
    }

  return CLT_SEGMENT_NODE (copy);
}

static void
clt_segment_group_build_json (CltSegmentNode *node,
                              JsonBuilder    *builder)
{
  CltSegmentGroup *self = CLT_SEGMENT_GROUP (node);
  static const char * const matches[] = { "all", "any", "none" };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "group");
  json_builder_set_member_name (builder, "match");
  json_builder_add_string_value (builder, matches[self->match]);
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->children->len; i++)
    _clt_segment_node_build_json (g_ptr_array_index (self->children, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
clt_segment_group_dispose (GObject *object)
{
  CltSegmentGroup *self = (CltSegmentGroup *) object;

  for (guint i = 0; i < self->children->len; i++)
    _clt_segment_node_set_parent (g_ptr_array_index (self->children, i), NULL);
  g_ptr_array_set_size (self->children, 0);

  G_OBJECT_CLASS (clt_segment_group_parent_class)->dispose (object);
}

static void
clt_segment_group_finalize (GObject *object)
{
  CltSegmentGroup *self = (CltSegmentGroup *) object;

  g_clear_pointer (&self->children, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_segment_group_parent_class)->finalize (object);
}

static void
clt_segment_group_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltSegmentGroup *self = CLT_SEGMENT_GROUP (object);

  switch (prop_id)
    {
    case PROP_MATCH:
      g_value_set_enum (value, self->match);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->children->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_segment_group_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CltSegmentGroup *self = CLT_SEGMENT_GROUP (object);

  switch (prop_id)
    {
    case PROP_MATCH:
      clt_segment_group_set_match (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_segment_group_class_init (CltSegmentGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CltSegmentNodeClass *node_class = CLT_SEGMENT_NODE_CLASS (klass);

  object_class->dispose = clt_segment_group_dispose;
  object_class->finalize = clt_segment_group_finalize;
  object_class->get_property = clt_segment_group_get_property;
  object_class->set_property = clt_segment_group_set_property;
  node_class->copy = clt_segment_group_copy;
  node_class->build_json = clt_segment_group_build_json;

  properties[PROP_MATCH] =
    g_param_spec_enum ("match", NULL, NULL, CLT_TYPE_SEGMENT_MATCH, CLT_SEGMENT_MATCH_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_segment_group_init (CltSegmentGroup *self)
{
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
}

CltSegmentGroup *
clt_segment_group_new (CltSegmentMatch match)
{
  return g_object_new (CLT_TYPE_SEGMENT_GROUP, "match", match, NULL);
}

CltSegmentMatch
clt_segment_group_get_match (CltSegmentGroup *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (self), CLT_SEGMENT_MATCH_ALL);

  return self->match;
}

void
clt_segment_group_set_match (CltSegmentGroup *self,
                             CltSegmentMatch  match)
{
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (self));
  g_return_if_fail (match <= CLT_SEGMENT_MATCH_NONE);

  if (self->match == match)
    return;

  self->match = match;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MATCH]);
  clt_segment_node_emit_changed (CLT_SEGMENT_NODE (self));
}

guint
clt_segment_group_get_n_children (CltSegmentGroup *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (self), 0);

  return self->children->len;
}

/**
 * clt_segment_group_get_child:
 *
 * Returns: (transfer none) (nullable): the child at @position
 */
CltSegmentNode *
clt_segment_group_get_child (CltSegmentGroup *self,
                             guint            position)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (self), NULL);

  return position < self->children->len ? g_ptr_array_index (self->children, position) : NULL;
}

static gboolean
is_ancestor (CltSegmentNode  *node,
             CltSegmentGroup *group)
{
  for (CltSegmentNode *g = CLT_SEGMENT_NODE (group); g != NULL; g = (CltSegmentNode *) clt_segment_node_get_parent (g))
    if (g == node)
      return TRUE;

  return FALSE;
}

/**
 * clt_segment_group_insert:
 * @child: a node in no group
 *
 * Inserts @child at @position (clamped to the end).
 */
void
clt_segment_group_insert (CltSegmentGroup *self,
                          guint            position,
                          CltSegmentNode  *child)
{
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (self));
  g_return_if_fail (CLT_IS_SEGMENT_NODE (child));
  g_return_if_fail (clt_segment_node_get_parent (child) == NULL);
  g_return_if_fail (!is_ancestor (child, self));

  position = MIN (position, self->children->len);
  g_ptr_array_insert (self->children, position, g_object_ref (child));
  _clt_segment_node_set_parent (child, self);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  clt_segment_node_emit_changed (CLT_SEGMENT_NODE (self));
}

void
clt_segment_group_append (CltSegmentGroup *self,
                          CltSegmentNode  *child)
{
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (self));

  clt_segment_group_insert (self, self->children->len, child);
}

void
clt_segment_group_remove (CltSegmentGroup *self,
                          guint            position)
{
  g_autoptr(CltSegmentNode) child = NULL;

  g_return_if_fail (CLT_IS_SEGMENT_GROUP (self));
  g_return_if_fail (position < self->children->len);

  child = g_ptr_array_steal_index (self->children, position);
  _clt_segment_node_set_parent (child, NULL);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  clt_segment_node_emit_changed (CLT_SEGMENT_NODE (self));
}

gboolean
clt_segment_group_find (CltSegmentGroup *self,
                        CltSegmentNode  *child,
                        guint           *position)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (self), FALSE);

  return g_ptr_array_find (self->children, child, position);
}

/**
 * clt_segment_node_move:
 * @node: a node, in a group or not
 * @group: where it goes; not @node itself nor a group inside it
 * @position: its place in @group, counted after it left its old group
 *
 * Moves @node (a drag, or move up, down, in or out from the keyboard).
 */
void
clt_segment_node_move (CltSegmentNode  *node,
                       CltSegmentGroup *group,
                       guint            position)
{
  g_autoptr(CltSegmentNode) keep = NULL;
  CltSegmentGroup *old;
  guint old_position;

  g_return_if_fail (CLT_IS_SEGMENT_NODE (node));
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (group));
  g_return_if_fail (!is_ancestor (node, group));

  keep = g_object_ref (node);
  old = clt_segment_node_get_parent (node);
  if (old != NULL && clt_segment_group_find (old, node, &old_position))
    clt_segment_group_remove (old, old_position);
  clt_segment_group_insert (group, position, node);
}
