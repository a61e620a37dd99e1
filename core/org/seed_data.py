"""The COM-DSC-P01 routing table (DESIGN.md §2) as data. `core.org.seed` loads it; admin edits it afterwards."""

from __future__ import annotations

AREAS = [
    # code, name, directions
    ("PLAT", "Plataforma de Servicios", "Planta baja: sala de espera principal, frente a los mesones."),
    ("MEZ", "Mezanine", "Suba por la escalera central al Mezanine; la sala está a la derecha."),
]

QUEUES = [
    # code, prefix, name, area, default service minutes
    ("PLAT", "A", "Asesores Comerciales de Plataforma", "PLAT", 10),
    ("CRED", "C", "Crédito al Socio", "PLAT", 12),
    ("M50", "H", "HSPA+ y decodificadores", "PLAT", 6),
    ("CTC", "T", "Coordinador Técnico Comercial", "PLAT", 8),
    ("DEALER", "D", "Dealer: equipos y accesorios", "PLAT", 8),
    ("CARTERA", "K", "Unidad de Cartera", "PLAT", 10),
    ("LEGAL", "L", "Asesoría Legal", "MEZ", 12),
    ("BOC", "B", "Back Office Comercial", "MEZ", 10),
    ("BOI", "I", "Back Office Incidencias", "MEZ", 12),
]

DESKS = [
    # code, name, spoken name, area, queues served
    ("P01", "Mesón 1", "mesón uno", "PLAT", ["PLAT"]),
    ("P02", "Mesón 2", "mesón dos", "PLAT", ["PLAT"]),
    ("P03", "Mesón 3", "mesón tres", "PLAT", ["PLAT"]),
    ("P04", "Mesón 4", "mesón cuatro", "PLAT", ["PLAT"]),
    ("M19", "Mesón 19", "mesón diecinueve", "PLAT", ["CRED"]),
    ("M50", "Mesón 50", "mesón cincuenta", "PLAT", ["M50"]),
    ("CTC", "Coordinador Técnico Comercial", "mesón del Coordinador Técnico Comercial", "PLAT", ["CTC"]),
    ("DEALER", "Dealer", "mesón del Dealer", "PLAT", ["DEALER"]),
    ("CART", "Unidad de Cartera", "Unidad de Cartera", "PLAT", ["CARTERA"]),
    ("LEGAL", "Asesoría Legal", "Asesoría Legal", "MEZ", ["LEGAL"]),
    ("BOC1", "Mezanine BOC 1", "Mezanine B O C uno", "MEZ", ["BOC"]),
    ("BOC2", "Mezanine BOC 2", "Mezanine B O C dos", "MEZ", ["BOC"]),
    ("BOI", "BOI", "B O I", "MEZ", ["BOI"]),
]

# (code, parent, kind, label, queue, desk, needs account check, description)
CATALOGUE = [
    ("INFO", None, "category", "Información de servicios", None, None, False,
     "Requisitos y folletos de los servicios de COMTECO."),
    ("UBICAR", None, "category", "Ubicar a un funcionario o unidad", None, None, False,
     "Dónde encontrar a un funcionario o una unidad de la empresa."),
    ("TRAMITE", None, "category", "Realizar un trámite", None, None, False,
     "Venta, post venta o baja de servicios."),
    ("VENTA", "TRAMITE", "category", "Venta de servicios", None, None, False, ""),
    ("POSTVENTA", "TRAMITE", "category", "Servicios post venta", None, None, False, ""),
    ("BAJA", "TRAMITE", "category", "Baja de servicios", None, None, False, ""),
    # A. Venta
    ("V_COBERTURA", "VENTA", "transaction", "Consulta de cobertura (telefonía, internet, TV cable)",
     "CTC", "CTC", False, "Mesón del Coordinador Técnico Comercial."),
    ("V_INST_TEL", "VENTA", "transaction", "Instalación de telefonía básica", "PLAT", None, True, ""),
    ("V_INST_TV", "VENTA", "transaction", "Instalación de TV Cable", "PLAT", None, True, ""),
    ("V_INST_INT", "VENTA", "transaction", "Instalación de internet", "PLAT", None, True, ""),
    ("V_CREDITO", "VENTA", "transaction", "Solicitud de crédito (Crédito al Socio)", "CRED", "M19", True,
     "Unidad Crédito al Socio, Plataforma, mesón 19."),
    ("V_EQUIPOS", "VENTA", "transaction", "Compra de equipos y accesorios", "DEALER", "DEALER", False, ""),
    # B. Post venta
    ("PV_LLAM_ENT", "POSTVENTA", "transaction", "Detalle de llamadas entrantes", "LEGAL", None, False, ""),
    ("PV_FISCALIA", "POSTVENTA", "transaction", "Notificaciones de Fiscalía", "LEGAL", None, False, ""),
    ("PV_EXCEDENTES", "POSTVENTA", "transaction", "Cobro de excedentes de gestiones anteriores", "CARTERA",
     None, False, ""),
    ("PV_EXC_VIGENTE", "POSTVENTA", "transaction",
     "Excedentes de la gestión vigente en central de riesgo o en mora", "CARTERA", None, False, ""),
    ("PV_REVERTIDA", "POSTVENTA", "transaction", "Línea revertida por mora", "CARTERA", None, False, ""),
    ("PV_CERT_APORT", "POSTVENTA", "transaction", "Certificado de aportación (PAC)", "BOC", None, True, ""),
    ("PV_CERT_LIB", "POSTVENTA", "transaction", "Certificado de libertad (PAC)", "BOC", None, True, ""),
    ("PV_CAMBIO_NOMBRE", "POSTVENTA", "transaction", "Cambio de nombre (PAC)", "BOC", None, True, ""),
    ("PV_TRASLADO", "POSTVENTA", "transaction", "Traslado de servicio", "PLAT", None, True, ""),
    ("PV_LLAM_SAL", "POSTVENTA", "transaction", "Detalle de llamadas salientes", "PLAT", None, True, ""),
    ("PV_HSPA", "POSTVENTA", "transaction", "Revisión HSPA+", "M50", "M50", False, "Plataforma, mesón 50."),
    ("PV_DECOS", "POSTVENTA", "transaction", "Devolución de decodificadores", "M50", "M50", False,
     "Plataforma, mesón 50."),
    ("PV_EQUIPOS", "POSTVENTA", "transaction", "Cambio, reposición o devolución de equipos (módem, ONU, DTH)",
     "BOC", None, True, ""),
    ("PV_RECLAMO_FACT", "POSTVENTA", "transaction", "Reclamo de facturación", "BOC", None, False, ""),
    ("PV_CONSUMO", "POSTVENTA", "transaction", "Consumo elevado", "BOC", None, False, ""),
    ("PV_DANOS", "POSTVENTA", "transaction", "Daños por servicio", "BOC", None, False, ""),
    ("PV_SEG_RECLAMO", "POSTVENTA", "transaction", "Seguimiento de un reclamo de facturación", "BOI", "BOI",
     False, "Back Office Incidencias (BOI), Mezanine."),
    # C. Baja
    ("B_BAJA", "BAJA", "transaction", "Baja de servicios (llenado de formulario)", "PLAT", None, True, ""),
    ("B_DEV_EQUIPOS", "BAJA", "transaction", "Devolución de equipos por baja", "BOC", None, False,
     "Asesores Comerciales de Back Office, Mezanine."),
]

# Information topics, the directory and each trámite's requirements: core/org/data/catalogo.json (issue 10),
# loaded by the plain seed so a new installation's kiosk is never empty.
DEMO_ACCOUNTS = [
    # number, ci, holder, debt, pending requirements
    ("100200", "4455667", "Socio Demo Al Día", "0", ""),
    ("100300", "5566778", "Socio Demo Con Deuda", "350.50", ""),
    ("100400", "6677889", "Socio Demo Requisitos", "0", "Fotocopia de cédula de identidad actualizada"),
]
# Staff a customer may ask for by name (P01 act. 3, «ubicar algún funcionario»), fictitious: the start-up catalogue
# (catalogo.json) lists units only, since a real installation names its own people in Administración → Catálogo.
DEMO_DIRECTORY = [
    # code, name, unit, floor, location, keywords, queue serving the public there ("" = an office: a visit)
    ("DEMO_DIR_ROJAS", "Lic. Juan Carlos Rojas", "Asesoría Legal", "Mezanine", "Al fondo del Mezanine, oficina M-3",
     "abogado, asesor legal", ""),
    ("DEMO_DIR_VARGAS", "Ing. María Elena Vargas", "Coordinador Técnico Comercial", "Planta baja",
     "Plataforma, mesón del Coordinador Técnico Comercial", "coordinadora, cobertura", "CTC"),
    ("DEMO_DIR_MAMANI", "Lic. Roberto Mamani", "Unidad de Cartera", "Planta baja",
     "Plataforma, mesón de la Unidad de Cartera", "cartera, cobranzas, deuda", "CARTERA"),
    ("DEMO_DIR_QUISPE", "Lic. Ana Quispe", "Encargada Plataforma de Servicios", "Planta baja",
     "Detrás de los mesones 1 a 4", "encargada de plataforma, supervisora", ""),
    ("DEMO_DIR_GUZMAN", "Ing. Fernando Guzmán", "Back Office Comercial", "Mezanine",
     "Sala del Mezanine, mesón BOC 2", "boc, back office", "BOC"),
]
# The demo's Centro de Operaciones staff work at «CO Sur», one of the demo reports' zones (core/top10/demo.py); the
# central Top 10 roles see every centre.
DEMO_CENTRE = "CO Sur"
DEMO_USERS = [
    # username, full name, roles, Centro de Operaciones ("" = every centre: the central roles)
    ("admin", "Administrador del sistema", ["admin"], ""),
    ("supervisora", "Encargada Plataforma de Servicios", ["supervisor"], ""),
    ("recepcion", "Asesor Comercial de Informes", ["reception"], ""),
    ("asesor1", "Asesor de Plataforma 1", ["agent"], ""),
    ("asesor2", "Asesor de Plataforma 2", ["agent"], ""),
    ("gestor10", "Analista Gestor Top 10", ["top10_gestor"], ""),
    ("usm1", "Analista USM", ["top10_usm"], DEMO_CENTRE),
    ("fidelizacion1", "Encargada Fidelización", ["fidelizacion"], ""),
    ("calidad1", "Coordinador de Calidad", ["calidad"], ""),
    ("supervisorco", "Supervisor Centro de Operaciones", ["supervisor_co"], DEMO_CENTRE),
    ("tecnico1", "Técnico Multiservicios 1", ["tecnico"], DEMO_CENTRE),
    ("tecnico2", "Técnico Multiservicios 2", ["tecnico"], "CO Norte"),
    ("jefe10", "Jefe División Gestión de la Relación Cliente", ["top10_jefe"], ""),
    ("incidentes1", "Responsable Equipo Atención de Incidentes", ["top10_incidentes"], ""),
    ("operadorco", "Operador Centro de Operaciones", ["operador_co"], DEMO_CENTRE),
]
DEMO_DEVICES = [
    # kind, name, area, desk
    ("kiosk", "kiosco-entrada", None, None),
    ("panel", "panel-plataforma", "PLAT", None),
    ("panel", "panel-mezanine", "MEZ", None),
    ("panel", "panel-todas", "ALL", None),
    ("survey", "encuesta-meson-1", None, "P01"),
]
