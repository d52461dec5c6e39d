/* clt-segment-node.c: the base of groups, conditions and references
 *
 * A node knows its group (weakly: the group owns its children) and emits "changed" when it
 * or anything below it changes, so that a builder can count again after a pause.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-node"

#include "config.h"

#include "clt-segment-group.h"
#include "clt-segment-node-private.h"

typedef struct
{
  CltSegmentGroup *parent;
} CltSegmentNodePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CltSegmentNode, clt_segment_node, G_TYPE_OBJECT)

G_DEFINE_QUARK (clt-segment-error-quark, clt_segment_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clt_segment_node_class_init (CltSegmentNodeClass *klass)
{
  /**
   * CltSegmentNode::changed:
   *
   * The node, or a node below it, changed: its definition and so its counts.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clt_segment_node_init (CltSegmentNode *self)
{
}

void
_clt_segment_node_set_parent (CltSegmentNode  *self,
                              CltSegmentGroup *parent)
{
  CltSegmentNodePrivate *priv = clt_segment_node_get_instance_private (self);

  priv->parent = parent;
}

void
_clt_segment_node_build_json (CltSegmentNode *self,
                              JsonBuilder    *builder)
{
  CLT_SEGMENT_NODE_GET_CLASS (self)->build_json (self, builder);
}

/**
 * clt_segment_node_get_parent:
 *
 * Returns: (transfer none) (nullable): the group holding @self
 */
CltSegmentGroup *
clt_segment_node_get_parent (CltSegmentNode *self)
{
  CltSegmentNodePrivate *priv = clt_segment_node_get_instance_private (self);

  g_return_val_if_fail (CLT_IS_SEGMENT_NODE (self), NULL);

  return priv->parent;
}

/**
 * clt_segment_node_copy:
 *
 * Returns: (transfer full): a deep copy of @self, in no group
 */
CltSegmentNode *
clt_segment_node_copy (CltSegmentNode *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_NODE (self), NULL);

  return CLT_SEGMENT_NODE_GET_CLASS (self)->copy (self);
}

/**
 * clt_segment_node_to_json:
 *
 * Returns: (transfer full): @self as a JSON object, without the version (a whole definition
 *   is written by clt_segment_definition_to_json())
 */
char *
clt_segment_node_to_json (CltSegmentNode *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (CLT_IS_SEGMENT_NODE (self), NULL);

  _clt_segment_node_build_json (self, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * clt_segment_node_emit_changed:
 *
 * Emits #CltSegmentNode::changed on @self and every group above it.
 */
void
clt_segment_node_emit_changed (CltSegmentNode *self)
{
  g_return_if_fail (CLT_IS_SEGMENT_NODE (self));

  for (CltSegmentNode *node = self; node != NULL; node = (CltSegmentNode *) clt_segment_node_get_parent (node))
    g_signal_emit (node, signals[CHANGED], 0);
}
