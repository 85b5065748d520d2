"""The structure tree as plain operations: kids, walking, content items, the parent tree."""

import pikepdf

STRUCT_ELEM = pikepdf.Name.StructElem
MCR = pikepdf.Name.MCR
OBJR = pikepdf.Name.OBJR


def kids(element):
    k = element.get("/K")
    if k is None:
        return []
    if isinstance(k, pikepdf.Array):
        return list(k)
    return [k]


def set_kids(element, items):
    element.K = pikepdf.Array(items)


def is_element(item):
    return isinstance(item, pikepdf.Dictionary) and "/S" in item and item.get("/Type") not in (MCR, OBJR)


def is_mcr(item):
    return isinstance(item, pikepdf.Dictionary) and item.get("/Type") == MCR


def is_objr(item):
    return isinstance(item, pikepdf.Dictionary) and item.get("/Type") == OBJR


def is_mcid(item):
    return isinstance(item, int) or (isinstance(item, pikepdf.Object) and item._type_code == pikepdf.ObjectType.integer)


def prefix_ids(element, prefix):
    """Makes the element's structure ID, and the table header IDs its /Headers attribute points
    to, unique in a joined document by putting `prefix-` in front of them."""
    if "/ID" in element:
        element.ID = pikepdf.String(f"{prefix}-{element.ID}")
    attributes = element.get("/A")
    for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
            attribute.Headers = pikepdf.Array([pikepdf.String(f"{prefix}-{h}") for h in attribute.Headers])


def roots(pdf):
    tree = pdf.Root.get("/StructTreeRoot")
    return kids(tree) if tree is not None else []


def walk(pdf):
    """(element, depth) for every structure element reachable from the root, in document order."""
    stack = [(element, 0) for element in reversed(roots(pdf)) if is_element(element)]
    seen = set()
    while stack:
        element, depth = stack.pop()
        if element.objgen != (0, 0):
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        yield element, depth
        stack.extend((kid, depth + 1) for kid in reversed(kids(element)) if is_element(kid))


def content_items(element):
    """(page object or None, mcid) for the element's own marked-content kids."""
    page = element.get("/Pg")
    for kid in kids(element):
        if is_mcid(kid):
            yield page, int(kid)
        elif is_mcr(kid) and "/Stm" not in kid:
            yield kid.get("/Pg", page), int(kid.MCID)


def as_mcr(item, page):
    return pikepdf.Dictionary(Type=MCR, MCID=int(item), Pg=page)


def standard_type(pdf, name):
    """A structure type after following the RoleMap."""
    role_map = pdf.Root.get("/StructTreeRoot", {}).get("/RoleMap", {})
    seen = set()
    name = str(name)
    while name in role_map and name not in seen:
        seen.add(name)
        name = str(role_map[name])
    return name


def move_kids(source, target):
    """Appends `source`'s kids to `target`'s: marked content of another page as MCRs, elements
    re-parented."""
    moved = []
    target_page = target.get("/Pg")
    source_page = source.get("/Pg")
    for kid in kids(source):
        if is_mcid(kid):
            if source_page is not None and target_page is not None and source_page.objgen == target_page.objgen:
                moved.append(kid)
            else:
                moved.append(as_mcr(kid, source_page))
        else:
            if is_element(kid):
                kid.P = target
            moved.append(kid)
    set_kids(target, kids(target) + moved)


def rebuild_parent_tree(pdf):
    """The parent tree, page /StructParents and annotation /StructParent made anew from the tree:
    whatever was merged, grafted or turned into an artifact, the numbers agree afterwards."""
    tree = pdf.Root.StructTreeRoot
    page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
    marked = {}  # page index -> {mcid: element}
    annotations = []
    for element, _depth in walk(pdf):
        for page, mcid in content_items(element):
            if page is None or page.objgen not in page_index:
                continue
            marked.setdefault(page_index[page.objgen], {})[mcid] = element
        for kid in kids(element):
            if is_objr(kid):
                annotations.append((kid.Obj, element))
    nums = []
    for index, page in enumerate(pdf.pages):
        if index in marked:
            page.obj.StructParents = index
            mcids = marked[index]
            nums += [index, pdf.make_indirect(pikepdf.Array([mcids.get(i) for i in range(max(mcids) + 1)]))]
        elif "/StructParents" in page.obj:
            del page.obj["/StructParents"]
    tagged = set()
    next_key = len(pdf.pages)
    for annotation, element in annotations:
        if annotation.objgen in tagged:
            continue
        tagged.add(annotation.objgen)
        annotation.StructParent = next_key
        nums += [next_key, element]
        next_key += 1
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.objgen not in tagged and "/StructParent" in annotation:
                del annotation["/StructParent"]
    tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    tree.ParentTreeNextKey = next_key
    return tree.ParentTree
