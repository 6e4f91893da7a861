# `cpack -G DEB` from the build directory: binary, config, sql/, systemd unit, system user.
install(FILES ${PROJECT_SOURCE_DIR}/config/socialroll.json DESTINATION /etc/socialroll)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/policies ${PROJECT_SOURCE_DIR}/config/scales
                  ${PROJECT_SOURCE_DIR}/config/exports ${PROJECT_SOURCE_DIR}/config/bank-templates DESTINATION share/socialroll)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sql DESTINATION share/socialroll)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/socialroll.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/haproxy-galera.cfg DESTINATION share/doc/socialroll/examples)

set(CPACK_PACKAGE_NAME socialroll)
set(CPACK_PACKAGE_CONTACT "socialroll maintainers <socialroll@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workforce and payroll for contracted social workers at township stations")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/conffiles)
include(CPack)
