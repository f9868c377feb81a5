// TEST DOUBLE OF THE EVENTSTOREDB SERVER: what a node says about itself and its cluster, the
// answers of ServerFeatures (which methods, which server version: the client picks BatchAppend
// or Append from it) and of Gossip (the members and their states: the client finds the leader
// from it). Used only by tests.
import { featuresPb, gossipPb, sharedPb } from './protocol.ts';

export type NodeState = 'leader' | 'follower' | 'not_ready' | 'too_busy';

export type Member = Readonly<{ instanceId: string; state: NodeState; running: boolean; port: number }>;

// ServerFeatures.cs:26-53: every client-facing method, lower-cased, with its features, and the
// server version as major.minor.patch.
export const supportedMethods = (version: string, batchAppend: boolean): InstanceType<typeof featuresPb.SupportedMethods> => {
  const methods = ['read', 'append', ...(batchAppend ? ['batchappend'] : []), 'delete', 'tombstone'].map((name) => {
    const method = new featuresPb.SupportedMethod().setMethodName(name).setServiceName('event_store.client.streams.streams');
    if (name === 'read') method.setFeaturesList(['position', 'events']);
    if (name === 'batchappend') method.setFeaturesList(['deadline_duration']);
    return method;
  });
  methods.push(new featuresPb.SupportedMethod().setMethodName('read').setServiceName('event_store.client.gossip.gossip'));
  return new featuresPb.SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(version);
};

const { VNodeState } = gossipPb.MemberInfo;

const gossipState = (state: NodeState): number => {
  switch (state) {
    case 'leader':
    case 'too_busy':
      return VNodeState.LEADER;
    case 'follower':
      return VNodeState.FOLLOWER;
    // During an election the nodes are neither leader nor follower: the client's discovery skips them.
    case 'not_ready':
      return VNodeState.PRELEADER;
    default: {
      const unknown: never = state;
      throw new Error(`unknown node state ${String(unknown)}`);
    }
  }
};

// Gossip.Read.cs:40-49: every member with its state, liveness and HTTP endpoint.
export const clusterInfo = (members: ReadonlyArray<Member>): InstanceType<typeof gossipPb.ClusterInfo> =>
  new gossipPb.ClusterInfo().setMembersList(members.map((member) => new gossipPb.MemberInfo()
    .setInstanceId(new sharedPb.UUID().setString(member.instanceId))
    .setTimeStamp(String(Date.now()))
    .setState(gossipState(member.state))
    .setIsAlive(member.running)
    .setHttpEndPoint(new gossipPb.EndPoint().setAddress('127.0.0.1').setPort(member.port))));
