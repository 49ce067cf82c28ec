# Unit tests for proto/ (cmocka). Included from tests/CMakeLists.txt.
# CMAKE_CURRENT_LIST_DIR is this file's directory (tests/) whoever includes it.
add_executable(test_proto ${CMAKE_CURRENT_LIST_DIR}/test_proto.c)
target_link_libraries(test_proto libnspath_static PkgConfig::CMOCKA)
add_test(NAME proto COMMAND test_proto)
add_executable(test_proto_ipv6 ${CMAKE_CURRENT_LIST_DIR}/test_proto_ipv6.c)
target_link_libraries(test_proto_ipv6 libnspath_static PkgConfig::CMOCKA)
add_test(NAME proto/ipv6 COMMAND test_proto_ipv6)
add_executable(test_proto_udp ${CMAKE_CURRENT_LIST_DIR}/test_proto_udp.c)
target_link_libraries(test_proto_udp libnspath_static PkgConfig::CMOCKA)
add_test(NAME proto/udp COMMAND test_proto_udp)
add_executable(test_proto_tcp ${CMAKE_CURRENT_LIST_DIR}/test_proto_tcp.c)
target_link_libraries(test_proto_tcp libnspath_static PkgConfig::CMOCKA)
add_test(NAME proto/tcp COMMAND test_proto_tcp)
