package io.ssegate.testing.redis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.models.role.RedisInstance.Role;
import org.jspecify.annotations.Nullable;

/**
 * One node's view of the cluster: its {@code CLUSTER NODES} reply, by node id.
 */
final class ClusterTopology {

	private static final Set<NodeFlag> UNHEALTHY = EnumSet.of(NodeFlag.FAIL, NodeFlag.EVENTUAL_FAIL, NodeFlag.HANDSHAKE,
			NodeFlag.NOADDR);

	private final Map<String, RedisClusterNode> nodes = new LinkedHashMap<>();

	private ClusterTopology(Collection<RedisClusterNode> nodes) {
		nodes.forEach((node) -> this.nodes.put(node.getNodeId(), node));
	}

	static ClusterTopology parse(String clusterNodes) {
		return new ClusterTopology(ClusterPartitionParser.parse(clusterNodes).getPartitions());
	}

	boolean knows(String id) {
		RedisClusterNode node = this.nodes.get(id);
		return node != null && !node.is(NodeFlag.HANDSHAKE);
	}

	boolean isMaster(String id) {
		RedisClusterNode node = this.nodes.get(id);
		return node != null && node.getRole() == Role.UPSTREAM;
	}

	@Nullable String masterOf(String replicaId) {
		RedisClusterNode node = this.nodes.get(replicaId);
		return (node != null && node.getRole() == Role.REPLICA) ? node.getSlaveOf() : null;
	}

	List<String> replicasOf(String masterId) {
		return this.nodes.values()
			.stream()
			.filter((node) -> masterId.equals(masterOf(node.getNodeId())))
			.map(RedisClusterNode::getNodeId)
			.toList();
	}

	List<Integer> slotsOf(String id) {
		RedisClusterNode node = this.nodes.get(id);
		return (node != null) ? List.copyOf(new TreeSet<>(node.getSlots())) : List.of();
	}

	@Nullable String ownerOf(int slot) {
		return this.nodes.values()
			.stream()
			.filter((node) -> node.getRole() == Role.UPSTREAM && node.hasSlot(slot))
			.map(RedisClusterNode::getNodeId)
			.findFirst()
			.orElse(null);
	}

	/**
	 * What keeps this view from being healthy, or {@code null}: it must know every node,
	 * see every running node connected and not failing, every slot served by a running
	 * master and every running replica following a running master.
	 */
	@Nullable String problem(Set<String> all, Set<String> running) {
		for (String id : all) {
			if (!knows(id)) {
				return "does not know node " + id + " yet";
			}
		}
		if (this.nodes.size() != all.size()) {
			return "knows " + this.nodes.size() + " nodes, not " + all.size();
		}
		BitSet served = new BitSet(SlotHash.SLOT_COUNT);
		for (String id : running) {
			// Known: running is a subset of all.
			RedisClusterNode node = Objects.requireNonNull(this.nodes.get(id));
			if (!node.isConnected() || node.getFlags().stream().anyMatch(UNHEALTHY::contains)) {
				return "sees " + node.getUri() + " as " + node.getFlags()
						+ (node.isConnected() ? "" : ", disconnected");
			}
			String master = masterOf(id);
			if (master != null && (!running.contains(master) || !isMaster(master))) {
				return "sees replica " + node.getUri() + " following " + master + ", which is not a running master";
			}
			if (node.getRole() == Role.UPSTREAM) {
				node.forEachSlot(served::set);
			}
		}
		int unserved = served.nextClearBit(0);
		if (unserved < SlotHash.SLOT_COUNT) {
			return "sees slot " + unserved + " not served by a running master";
		}
		return null;
	}

	/**
	 * The roles, masters and slots of the given nodes, to compare views.
	 */
	String signature(Set<String> ids) {
		return new TreeSet<>(ids).stream().map(this::describe).collect(Collectors.joining(", "));
	}

	private String describe(String id) {
		return shortId(id) + (isMaster(id) ? " master " + ranges(slotsOf(id)) : " replica of " + shortId(masterOf(id)));
	}

	private static String shortId(@Nullable String id) {
		return (id != null) ? id.substring(0, Math.min(8, id.length())) : "?";
	}

	static String ranges(List<Integer> slots) {
		List<String> ranges = new ArrayList<>();
		int i = 0;
		while (i < slots.size()) {
			int start = slots.get(i);
			int end = start;
			while (i + 1 < slots.size() && slots.get(i + 1) == end + 1) {
				end = slots.get(++i);
			}
			ranges.add((start == end) ? String.valueOf(start) : start + "-" + end);
			i++;
		}
		return ranges.isEmpty() ? "(no slots)" : String.join(",", ranges);
	}

}
