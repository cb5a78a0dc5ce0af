from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = [
    "h2",
    "h3",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "image",
    "embed",
    "hr",
    "blockquote",
]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False)
    alt = blocks.CharBlock(
        label=_("Mô tả ảnh cho người khiếm thị"),
        required=False,
        help_text=_("Để trống nếu đã có chú thích."),
    )

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "portal/blocks/captioned_image.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=RICH_FEATURES)
    image = CaptionedImageBlock()
    table = TableBlock(
        label=_("Bảng"),
        table_options={
            "contextMenu": [
                "row_above",
                "row_below",
                "col_left",
                "col_right",
                "remove_row",
                "remove_col",
                "undo",
                "redo",
            ]
        },
    )
    video = EmbedBlock(label=_("Video nhúng"), help_text=_("Dán địa chỉ video (YouTube, ...)."))
    quote = blocks.BlockQuoteBlock(label=_("Trích dẫn"))

    class Meta:
        label = _("Nội dung")
