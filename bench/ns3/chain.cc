// The bench's router chain (bench/chain.h) as an ns-3 program: hosts at both
// ends of ROUTERS routers, one two-node CSMA (Ethernet, ARP) segment per
// veth pair with the same 10 us delay, the same /30 subnets and static
// routes (a router: the first subnet to the left, default to the right),
// TTL 255, and COUNT UDP echoes of 56 bytes sent one per microsecond from
// the first host to the last, after one echo that resolves ARP.  Prints
// "HOPS SECONDS": the packet-hops of the echoes and replies that came back
// (each crosses the ROUTERS + 1 segments twice) and the CPU time
// Simulator::Run() took.
// usage: nspath_ns3_chain ROUTERS COUNT
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

using namespace ns3;

static uint64_t g_replies;

static void OnReply(Ptr<const Packet>) { g_replies++; }

static double CpuSeconds() {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static Ipv4Address ChainAddr(int link, int end) {
  return Ipv4Address(0x0a000000u + 4u * (uint32_t)link + 1u + (uint32_t)end);
}

// Interface 1 of a node is its link to the left (link i-1), 2 to the right.
static void ChainRoutes(NodeContainer &nodes, int routers) {
  Ipv4StaticRoutingHelper helper;
  for (int i = 0; i <= routers + 1; i++) {
    Ptr<Ipv4StaticRouting> r = helper.GetStaticRouting(nodes.Get(i)->GetObject<Ipv4>());
    if (i == 0) {
      r->SetDefaultRoute(ChainAddr(0, 1), 1);
    } else if (i == routers + 1) {
      r->SetDefaultRoute(ChainAddr(routers, 0), 1);
    } else {
      if (i > 1) r->AddNetworkRouteTo(Ipv4Address("10.0.0.0"), Ipv4Mask("255.255.255.252"),
                                      ChainAddr(i - 1, 0), 1);
      r->SetDefaultRoute(ChainAddr(i, 1), 2);
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: nspath_ns3_chain ROUTERS COUNT\n");
    return 2;
  }
  int routers = std::atoi(argv[1]);
  uint32_t count = (uint32_t)std::atoi(argv[2]);
  Config::SetDefault("ns3::Ipv4L3Protocol::DefaultTtl", UintegerValue(255));
  NodeContainer nodes;
  nodes.Create(routers + 2);
  InternetStackHelper stack;
  stack.Install(nodes);
  CsmaHelper csma;
  csma.SetChannelAttribute("DataRate", StringValue("100Gbps"));
  csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
  Ipv4AddressHelper addr;
  for (int i = 0; i <= routers; i++) {
    NetDeviceContainer d = csma.Install(NodeContainer(nodes.Get(i), nodes.Get(i + 1)));
    addr.SetBase(Ipv4Address(0x0a000000u + 4u * (uint32_t)i), Ipv4Mask("255.255.255.252"));
    addr.Assign(d);
  }
  ChainRoutes(nodes, routers);
  UdpEchoServerHelper server(9);
  ApplicationContainer s = server.Install(nodes.Get(routers + 1));
  s.Start(Seconds(0));
  UdpEchoClientHelper client(ChainAddr(routers, 1), 9);
  client.SetAttribute("MaxPackets", UintegerValue(count));
  client.SetAttribute("Interval", TimeValue(MicroSeconds(1)));
  client.SetAttribute("PacketSize", UintegerValue(56));
  ApplicationContainer c = client.Install(nodes.Get(0));
  // ARP requests leave after a random jitter of up to 10 ms at each hop
  double start = 0.1 + 0.02 * (routers + 1);
  c.Start(Seconds(start));
  // one echo beforehand resolves ARP along the path, as the bench's warm-up
  // does: ns-3 keeps only 3 packets per unresolved neighbour
  UdpEchoClientHelper warm(ChainAddr(routers, 1), 9);
  warm.SetAttribute("MaxPackets", UintegerValue(1));
  ApplicationContainer wc = warm.Install(nodes.Get(0));
  wc.Start(Seconds(0));
  c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&OnReply));
  Simulator::Stop(Seconds(start + 5));
  double t0 = CpuSeconds();
  Simulator::Run();
  double dt = CpuSeconds() - t0;
  Simulator::Destroy();
  std::printf("%llu %f\n", (unsigned long long)(g_replies * 2u * (uint64_t)(routers + 1)), dt);
  return g_replies == count ? 0 : 1;
}
